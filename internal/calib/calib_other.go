//go:build !gc || purego || !amd64

package calib

import "unsafe"

func archWidths() []Width { return nil }

func read(p []byte) { readGeneric(p) }

func uintptrOf(b []byte) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(b))) }
