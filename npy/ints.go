package npy

import (
	"encoding/binary"
	"math"
)

// maxExactFloat32 bounds the integers format 1 stored as float32.
const maxExactFloat32 = 1 << 24

// ints returns the integer vector name of n elements: int64 in format 2,
// and in format 1 float32 holding integers exactly (an error otherwise),
// with the dtype it had.
func (a *archive) ints(name string, n int) ([]int64, string, error) {
	h, raw, err := a.read(name, dtypeInt64, dtypeFloat32)
	if err != nil {
		return nil, "", err
	}
	if len(h.shape) != 1 || h.shape[0] != n {
		return nil, "", a.errorf(name, "shape %v, want [%d]", h.shape, n)
	}
	v := make([]int64, n)
	if h.dtype == dtypeInt64 {
		for i := range v {
			v[i] = int64(binary.LittleEndian.Uint64(raw[8*i:]))
		}
		return v, h.dtype, nil
	}
	for i, f := range float32s(raw) {
		if math.IsNaN(float64(f)) || math.Abs(float64(f)) > maxExactFloat32 || f != float32(int64(f)) {
			return nil, "", a.errorf(name, "element %d = %v is not an integer of format 1", i, f)
		}
		v[i] = int64(f)
	}
	return v, h.dtype, nil
}

// header returns the integer vector name of n elements whose first element
// is the format version, checking the version and that the dtype is the
// version's (float32 in 1, int64 in 2).
func (a *archive) header(name string, n int) ([]int64, error) {
	v, dtype, err := a.ints(name, n)
	if err != nil {
		return nil, err
	}
	if want := versionDtype(v[0]); dtype != want {
		return nil, a.errorf(name, "format version %d in dtype %s (format 1 is <f4, formats 2 and %d are <i8)", v[0], dtype, formatVersion)
	}
	return v, nil
}

// versionDtype returns the dtype of the integers of a format version, or
// "" for an unknown version.
func versionDtype(version int64) string {
	switch version {
	case 1:
		return dtypeFloat32
	case 2, formatVersion:
		return dtypeInt64
	}
	return ""
}

// flag returns the 0/1 flag name of format version.
func (a *archive) flag(name string, version int64) (bool, error) {
	v, dtype, err := a.ints(name, 1)
	if err != nil {
		return false, err
	}
	if dtype != versionDtype(version) || (v[0] != 0 && v[0] != 1) {
		return false, a.errorf(name, "flag %d of dtype %s, want 0 or 1 of dtype %s", v[0], dtype, versionDtype(version))
	}
	return v[0] == 1, nil
}
