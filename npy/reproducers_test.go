package npy

import (
	"archive/zip"
	"math"
	"path/filepath"
	"testing"
)

// reproducer is a crafted file and what loading it must say.
type reproducer struct {
	name  string
	kind  string // "npy", "layer" or "network": the loader to try
	data  []byte
	array string // the array the error names ("" for a lone .npy)
	want  string // part of the error; "" means the file is valid and loads
}

const f4 = "{'descr': '<f4', 'fortran_order': False, "

var nan32 = float32(math.NaN())

// reproducers returns the crafted files of issue 15 (and their variants):
// each crashed, hung or exhausted memory in the loaders before.
func reproducers(t testing.TB) []reproducer {
	layerV1 := filepath.Join(fixtures, "layer_v1.npz")
	layerV2 := filepath.Join(fixtures, "layer_v2.npz")
	netV1 := filepath.Join(fixtures, "network_v1.npz")
	netV2 := filepath.Join(fixtures, "network_v2.npz")
	twelve := make([]byte, 12)
	lay1 := func(m ...float32) []byte {
		return replaced(t, layerV1, map[string][]byte{"meta": f32NPY(m, 5)})
	}
	lay2 := func(arrays map[string][]byte) []byte { return replaced(t, layerV2, arrays) }
	net1 := func(arrays map[string][]byte) []byte { return replaced(t, netV1, arrays) }
	net2 := func(arrays map[string][]byte) []byte { return replaced(t, netV2, arrays) }
	head1 := func(h ...float32) []byte { return net1(map[string][]byte{"network": f32NPY(h, 3)}) }
	head2 := func(h ...int64) []byte { return net2(map[string][]byte{"network": i64NPY(h...)}) }
	bigW := header(dtypeFloat32, []int{1 << 40, 0})
	return []reproducer{
		{"header without newline", "npy", rawNPY(1, f4+"'shape': (3,), }    ", twelve), "", "does not end with a newline"},
		{"keys in another order", "npy", rawNPY(1, "{'shape': (3,), 'fortran_order': False, 'descr': '<f4'}\n", twelve), "", ""},
		{"missing closing brace", "npy", rawNPY(1, f4+"'shape': (3,), \n", twelve), "", "string expected at offset 56"},
		{"empty shape", "npy", rawNPY(1, f4+"'shape': (), }\n", twelve[:4]), "", "0-d arrays are not read"},
		{"shape without value", "npy", rawNPY(1, f4+"'shape': , }\n", twelve), "", "'(' expected"},
		{"truncated header", "npy", rawNPY(1, f4+"'shape': (3,), }\n", nil)[:30], "", "header of 58 bytes (at most 10000, and 20 remain)"},
		{"shape (2^62,)", "npy", rawNPY(1, f4+"'shape': (4611686018427387904,), }\n", twelve), "", "does not fit"},
		{"shape (2^62, 0)", "npy", rawNPY(1, f4+"'shape': (4611686018427387904, 0), }\n", nil), "", "does not fit"},
		{"shape (0, 2^62)", "npy", rawNPY(1, f4+"'shape': (0, 4611686018427387904), }\n", nil), "", "does not fit"},
		{"shape (2^32, 2^32) wraps to 0", "npy", rawNPY(1, f4+"'shape': (4294967296, 4294967296), }\n", nil), "", "does not fit"},
		{"20-byte v2 file with header length 0xFFFFFFFF", "npy", append(rawNPY(2, "", nil)[:8], 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0, 0, 0, 0, 0), "", "header of 4294967295 bytes"},
		{"4 KiB of zeros after a 3x4 array", "npy", append(f32NPY(make([]float32, 12), 3, 4), make([]byte, 4096)...), "", "needs 48 bytes of data"},
		{"meta in=2^40 out=0", "layer", lay2(map[string][]byte{"meta": i64NPY(2, 1<<40, 0, 0, 0), "w": bigW, "state": f32NPY(nil, 0)}), "w", "does not fit"},
		{"format 1 meta in=2^40", "layer", lay1(1, 1<<40, 0, 0, 0), "meta", "not an integer of format 1"},
		{"format 1 reset 1.5", "layer", lay1(1, 6, 70, 1.5, 3), "meta", "not an integer"},
		{"format 1 reset 256", "layer", lay1(1, 6, 70, 256, 3), "meta", "reset mode 256"},
		{"format 1 reset NaN", "layer", lay1(1, 6, 70, nan32, 3), "meta", "not an integer"},
		{"format 1 flags NaN", "layer", lay1(1, 6, 70, 1, nan32), "meta", "not an integer"},
		{"format 1 flags 7", "layer", lay1(1, 6, 70, 1, 7), "meta", "flags 7"},
		{"format 1 flags -2", "layer", lay1(1, 6, 70, 1, -2), "meta", "flags -2"},
		{"format 1 version 1.5", "layer", lay1(1.5, 6, 70, 1, 3), "meta", "not an integer"},
		{"reset 3", "layer", lay2(map[string][]byte{"meta": i64NPY(2, 6, 70, 3, 3)}), "meta", "reset mode 3"},
		{"flags 4", "layer", lay2(map[string][]byte{"meta": i64NPY(2, 6, 70, 1, 4)}), "meta", "flags 4"},
		{"version 4", "layer", lay2(map[string][]byte{"meta": i64NPY(4, 6, 70, 1, 3)}), "meta", "format version 4"},
		{"version 2 in float32", "layer", lay1(2, 6, 70, 1, 3), "meta", "format version 2 in dtype <f4"},
		{"meta of 4 values", "layer", lay2(map[string][]byte{"meta": i64NPY(2, 6, 70, 1)}), "meta", "want [5]"},
		{"w of the wrong shape", "layer", lay2(map[string][]byte{"w": f32NPY(make([]float32, 70*6), 70, 6)}), "w", "shape [70 6], want [6 70]"},
		{"no w", "layer", lay2(map[string][]byte{"w": nil}), "w", "no array"},
		{"format 1 layer count NaN", "network", head1(1, nan32, 4), "network", "not an integer"},
		{"format 1 layer count 1e9", "network", head1(1, 1e9, 4), "network", "not an integer"},
		{"format 1 layer count 1.5", "network", head1(1, 1.5, 4), "network", "not an integer"},
		{"format 1 layer count 1e6", "network", head1(1, 1e6, 4), "network", "1000000 layers"},
		{"layer count 1e9", "network", head2(2, 1e9, 4), "network", "1000000000 layers"},
		{"layer count 0", "network", head2(2, 0, 4), "network", "0 layers"},
		{"rows -1", "network", head2(2, 2, -1), "network", "layers of -1 rows"},
		{"rows 2^60, v shape wraps", "network", net2(map[string][]byte{"network": i64NPY(2, 2, 1<<60), "batch0/v": header(dtypeFloat32, []int{1 << 60, 64})}), "batch0/v", "does not fit"},
		{"rows 2^60, v of rows 4", "network", head2(2, 2, 1<<60), "batch0/v", "want [1152921504606846976 66]"},
		{"uses a layer not stored yet", "network", net2(map[string][]byte{"uses": i64NPY(1, 0)}), "uses", "element 0 = 1"},
		{"uses -1", "network", net2(map[string][]byte{"uses": i64NPY(0, -1)}), "uses", "element 1 = -1"},
		{"learning flag 2", "network", net2(map[string][]byte{"batch1/learning": i64NPY(2)}), "batch1/learning", "flag 2"},
		{"format 1 learning flag 0.5", "network", net1(map[string][]byte{"layer0/batch": f32NPY([]float32{0.5}, 1)}), "layer0/batch", "not an integer"},
		{"layer of format 1 in a network of format 2", "network", net2(map[string][]byte{"layer1/meta": i64NPY(1, 66, 3, 0, 1)}), "layer1/meta", "format version 1 in dtype <i8"},
		{"no batch1/v", "network", net2(map[string][]byte{"batch1/v": nil}), "batch1/v", "no array"},
		{"3x4 w.npy with 1 MiB of zeros, deflated", "layer", zipped(zip.Deflate, entry{"w.npy", append(f32NPY(make([]float32, 12), 3, 4), make([]byte, 1<<20)...)}), "", `no array "meta"`},
		{"not a zip", "network", rawNPY(1, f4+"'shape': (3,), }\n", twelve), "", "not a valid zip"},
	}
}
