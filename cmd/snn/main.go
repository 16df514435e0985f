// Command snn runs a trained spiking network, stored as a model archive
// (docs/MODEL-FORMAT.md, written by tools/export_torch.py from PyTorch),
// over many inputs at once, on every core, without Python.
//
//	snn run -model M.npz -input X.npy -steps T [-threads N] -counts C.npy [-spikes S.npy] [-chunk R]
//	snn info -model M.npz
//
// run takes X as float32 N×in (each row a constant input current for T
// steps: direct encoding, as an image is shown to the network) or T×N×in
// (a sequence of T steps; -steps is then optional and must equal T), runs
// the N rows as N independent states from the model's starting state, and
// writes each row's output spike counts as an int32 N×out .npy and, with
// -spikes, every step's output spikes as a uint8 T×N×out .npy of 0/1. Rows
// run in chunks of -chunk rows (default 1000), with a progress line on
// standard error after each chunk when there are several. info prints the
// layers and their parameters.
//
// Errors name the file, and for a malformed archive the array; the exit
// status is 1 on an error and 2 on a usage error.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// errUsage marks an error in the command line.
var errUsage = errors.New("usage")

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

// run runs the command line args and returns the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	var err error
	switch {
	case len(args) == 0:
		err = fmt.Errorf("%w: a subcommand, run or info, is needed", errUsage)
	case args[0] == "run":
		err = runCommand(args[1:], stderr)
	case args[0] == "info":
		err = infoCommand(args[1:], stdout, stderr)
	default:
		err = fmt.Errorf("%w: unknown subcommand %q (run or info)", errUsage, args[0])
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		fmt.Fprintln(stderr, "snn:", err)
		fmt.Fprintln(stderr, "usage: snn run -model M.npz -input X.npy -steps T [-threads N] -counts C.npy [-spikes S.npy] [-chunk R]")
		fmt.Fprintln(stderr, "       snn info -model M.npz")
		return 2
	default:
		fmt.Fprintln(stderr, "snn:", err)
		return 1
	}
}

// parse parses a subcommand's flags, turning a flag error into a usage
// error.
func parse(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	fs.SetOutput(stderr)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return fmt.Errorf("%w: %v", errUsage, err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	return nil
}
