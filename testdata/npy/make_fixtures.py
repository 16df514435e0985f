# Generates the numpy-written fixtures of package npy's tests. Run once with
# Debian bookworm's python3-numpy (1.24.2):
#   /usr/bin/python3 testdata/npy/make_fixtures.py
# The files are committed; the tests never run Python.
import numpy as np

w = (np.arange(12, dtype=np.float32).reshape(3, 4) - 5.5) / 4   # W of a 3→4 layer, C order
np.save("w_3x4_f32.npy", w)
np.save("w_3x4_f64.npy", w.astype(np.float64))                  # wrong dtype
np.save("w_3x4_fortran.npy", np.asfortranarray(w))              # Fortran order
np.save("w_3x4_bigendian.npy", w.astype(">f4"))                 # big-endian
np.save("state_4_f32.npy", np.array([0.1, -0.2, 0.3, 0.6], dtype=np.float32))
np.savez("layer_3x4.npz", w=w, state=np.zeros(4, dtype=np.float32))
with open("w_3x4_f32.npy", "rb") as f:
    data = f.read()
with open("w_3x4_truncated.npy", "wb") as f:
    f.write(data[:-5])
