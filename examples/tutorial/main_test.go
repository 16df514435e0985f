package main

import (
	"strings"
	"testing"
)

func TestRun(t *testing.T) {
	var b strings.Builder
	if err := run(&b, 5, 1); err != nil {
		t.Fatal(err)
	}
	if got := strings.Count(b.String(), "spikes = ["); got != 5 {
		t.Fatalf("%d steps printed, want 5:\n%s", got, b.String())
	}
}
