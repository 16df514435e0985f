package snn_test

import (
	"testing"

	"github.com/spikekernel/snn/internal/backendtest"
)

func TestMain(m *testing.M) { backendtest.Main(m) }
