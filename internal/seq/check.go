package seq

import (
	"fmt"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/internal/check"
	"github.com/spikekernel/snn/internal/size"
)

// wantLen returns an error wrapping snn.ErrShape unless got == a·b, with
// the product checked for overflow.
func wantLen(fn, arg string, got, a, b int) error {
	want, ok := size.Mul(a, b)
	if !ok {
		return fmt.Errorf("%s: %s: size %d×%d overflows: %w", fn, arg, a, b, snn.ErrShape)
	}
	return check.Len(fn, arg, got, want)
}

// Check validates a run of steps steps on rows states of a layer of in
// inputs and out neurons: it returns an error naming the argument at fault
// (wrapping snn.ErrShape or snn.ErrNonFinite) and changes nothing.
func Check(fn string, steps int, x Input, o Output, rows, in, out int) error {
	if err := CheckInput(fn, steps, x, rows, in); err != nil {
		return err
	}
	return CheckOutput(fn, steps, o, rows, out)
}

// CheckInput is the part of Check about the input.
func CheckInput(fn string, steps int, x Input, rows, in int) error {
	if steps < 0 {
		return fmt.Errorf("%s: steps = %d: %w", fn, steps, snn.ErrShape)
	}
	if (x.Dense == nil) == (x.Spikes == nil) && steps > 0 {
		return fmt.Errorf("%s: give exactly one of dense and spike input: %w", fn, snn.ErrShape)
	}
	given := steps
	if x.Constant {
		given = 1
	}
	if x.Dense != nil {
		perStep, _ := size.Mul(rows, in)
		if err := wantLen(fn, "dense input", len(x.Dense), given, perStep); err != nil {
			return err
		}
		if err := check.Finite(fn, "dense input", x.Dense, in); err != nil {
			return err
		}
	}
	if x.Spikes != nil {
		perStep, _ := size.Mul(rows, snn.Words(in))
		if err := wantLen(fn, "spike input", len(x.Spikes), given, perStep); err != nil {
			return err
		}
		if err := check.Bits(fn, "spike input", x.Spikes, given*rows, in); err != nil {
			return err
		}
	}
	return nil
}

// CheckOutput is the part of Check about the output.
func CheckOutput(fn string, steps int, o Output, rows, out int) error {
	if o.Spikes != nil {
		perStep, _ := size.Mul(rows, snn.Words(out))
		if err := wantLen(fn, "spike record", len(o.Spikes), steps, perStep); err != nil {
			return err
		}
	}
	if o.Counts != nil {
		if err := wantLen(fn, "counts", len(o.Counts), rows, out); err != nil {
			return err
		}
	}
	return nil
}
