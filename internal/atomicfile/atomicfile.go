// Package atomicfile replaces a file so that a crash, a kill or a full disk
// leaves either the old file or the new one, never a mix or an empty file.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Write creates path (or replaces it) with what fill writes, with mode perm:
// it writes to a temporary file in the same directory, syncs it to disk,
// renames it over path and syncs the directory. On any error the temporary
// file is removed and path is untouched. A process killed during Write
// leaves path intact and may leave its temporary file (".<name>.tmp*").
func Write(path string, perm os.FileMode, fill func(w io.Writer) error) (err error) {
	dir, name := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+name+".tmp*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
			err = fmt.Errorf("writing %s: %w", path, err)
		}
	}()
	w := bufio.NewWriterSize(f, 1<<16)
	if err = fill(w); err != nil {
		return err
	}
	if err = w.Flush(); err != nil {
		return err
	}
	if err = f.Chmod(perm); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp, path); err != nil {
		return err
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	err = d.Sync()
	if errors.Is(err, os.ErrInvalid) { // platforms whose directories cannot be synced
		err = nil
	}
	return errors.Join(err, d.Close())
}
