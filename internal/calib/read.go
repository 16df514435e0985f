package calib

import (
	"encoding/binary"
)

// readGeneric reads p eight bytes at a time in plain Go.
func readGeneric(p []byte) {
	var a, b, c, d uint64
	for len(p) >= 32 {
		a += binary.LittleEndian.Uint64(p)
		b += binary.LittleEndian.Uint64(p[8:])
		c += binary.LittleEndian.Uint64(p[16:])
		d += binary.LittleEndian.Uint64(p[24:])
		p = p[32:]
	}
	sinkInt = a + b + c + d
}

var sinkInt uint64
