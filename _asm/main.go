// Command _asm writes kernel_arm64.s, the NEON kernels of package snn.
//
//	go run . -out ../kernel_arm64.s
//
// CI regenerates the file and diffs it against the committed one.
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	out := flag.String("out", "", "file to write (default: standard output)")
	flag.Parse()
	src := generate()
	if *out == "" {
		fmt.Print(src)
		return
	}
	if err := os.WriteFile(*out, []byte(src), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
