package main

import (
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var b strings.Builder
	if err := run(&b, 64, 3, 20, 10); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "trials/s") {
		t.Fatalf("output:\n%s", b.String())
	}
}
