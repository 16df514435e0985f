package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/spikekernel/snn"
	"github.com/spikekernel/snn/layer"
	"github.com/spikekernel/snn/npy"
)

// infoCommand prints the layers of a model archive and their parameters.
func infoCommand(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("snn info", flag.ContinueOnError)
	model := fs.String("model", "", "model archive (.npz, docs/MODEL-FORMAT.md)")
	if err := parse(fs, args, stderr); err != nil {
		return err
	}
	if *model == "" {
		return fmt.Errorf("%w: -model is required", errUsage)
	}
	m, err := npy.LoadModel(*model)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d layers, %d inputs, %d outputs\n", *model, len(m.Layers), m.Layers[0].In(), m.Layers[len(m.Layers)-1].Out())
	for k, l := range m.Layers {
		fmt.Fprintf(stdout, "layer %d: %s, %d→%d, %s\n", k, m.Presets[k], l.In(), l.Out(), describe(l))
	}
	return nil
}

// describe lists a layer's neuron parameters (SPEC §6) in one line.
func describe(l *layer.Layer) string {
	n, md := l.Neuron(), l.Model()
	fire := "≥"
	if md.Fire == layer.FireAbove {
		fire = ">"
	}
	reset := [...]string{snn.ResetZero: "zero", snn.ResetSubtract: "subtract", snn.ResetNone: "none"}[n.Reset]
	if md.ResetToValue {
		reset = fmt.Sprintf("to %g", md.ResetValue)
	}
	if md.DelayedReset {
		reset += " (delayed)"
	}
	s := fmt.Sprintf("decay %g, threshold %g, fire %s, reset %s", n.Decay, n.Threshold, fire, reset)
	if md.Bias != nil {
		s += ", bias"
	}
	if md.Recurrent != nil {
		s += ", recurrent weights"
	}
	return s
}
