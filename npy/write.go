package npy

import (
	"bytes"
	"os"

	npyfmt "codeberg.org/sbinet/npyio/npy"
)

func writeAny(path string, v any) error {
	var buf bytes.Buffer
	if err := npyfmt.Write(&buf, v); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
