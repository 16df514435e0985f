#!/usr/bin/python3
"""Write a model archive (docs/MODEL-FORMAT.md) from PyTorch weights.

Needs numpy only to write; torch only to read a saved state dict (CLI).

Library use:

    from export_torch import layer_from_torch, write_archive
    layers = [layer_from_torch("snntorch.Leaky", fc1.weight, fc1.bias, beta=0.9),
              layer_from_torch("snntorch.Leaky", fc2.weight, fc2.bias, beta=0.9)]
    write_archive("model.npz", layers)

CLI (state dict saved with torch.save(model.state_dict(), "m.pt")):

    python3 tools/export_torch.py -state-dict m.pt -linear fc1,fc2 \
        -preset snntorch.Leaky -param beta=0.9 -param threshold=1.0 -out model.npz

For snntorch.RLeaky give the recurrent nn.Linear of each layer with
-recurrent lif1.recurrent,lif2.recurrent (its .weight and .bias are read).

The presets follow the update equations of snntorch (commit 0110f9fc of
jeshraghian/snntorch, snntorch/_neurons/leaky.py and rleaky.py, the 0.7-era
source with reset_delay) and SpikingJelly 0.0.0.0.14
(spikingjelly/activation_based/neuron.py, LIFNode); see
tools/golden_presets.py for the equations written out in torch.
"""

import argparse
import sys

import numpy as np

MODEL_FORMAT_VERSION = 1

FIRE_GE, FIRE_GT = 0, 1
RESET_ZERO, RESET_SUBTRACT, RESET_NONE, RESET_TO_VALUE = 0, 1, 2, 3

PRESETS = ("snntorch.Leaky", "snntorch.RLeaky", "spikingjelly.LIFNode", "custom")


def _f32(a):
    """Returns a as a C-ordered float32 numpy array (torch tensors accepted)."""
    if hasattr(a, "detach"):
        a = a.detach().cpu().numpy()
    return np.ascontiguousarray(np.asarray(a, dtype=np.float32))


def neuron_vector(decay, threshold, fire, reset, reset_value=0.0,
                  delayed_reset=False, input_scale=1.0):
    """Returns the float64 (8,) `layer<k>/neuron` array."""
    v = np.array([decay, threshold, fire, reset, reset_value,
                  1.0 if delayed_reset else 0.0, input_scale, 0.0], dtype=np.float64)
    if not np.all(np.isfinite(v)):
        raise ValueError(f"neuron parameters must be finite: {v.tolist()}")
    if fire not in (FIRE_GE, FIRE_GT) or reset not in (0, 1, 2, 3):
        raise ValueError(f"fire {fire} or reset {reset} out of range")
    return v


def _snntorch_neuron(beta, threshold, reset_mechanism, reset_delay):
    if reset_mechanism not in ("subtract", "none"):
        # Leaky's "zero" zeroes the old membrane before β·mem + input, RLeaky's
        # zeroes the new one: neither is a reset of SPEC §6, so refuse.
        raise ValueError(f"snntorch reset_mechanism {reset_mechanism!r} not supported (subtract, none)")
    if not reset_delay:
        raise ValueError("snntorch reset_delay=False not supported (its do_reset = spk - reset can add threshold back)")
    beta = min(max(float(beta), 0.0), 1.0)  # snntorch uses beta.clamp(0, 1)
    reset = RESET_SUBTRACT if reset_mechanism == "subtract" else RESET_NONE
    return neuron_vector(beta, float(threshold), FIRE_GT, reset, 0.0, True)


def layer_from_torch(preset, weight, bias=None, recurrent_weight=None,
                     recurrent_bias=None, neuron=None, **params):
    """Returns one layer of the archive as a dict of numpy arrays.

    preset: one of PRESETS. params are the library's own names:
      snntorch.Leaky / RLeaky: beta, threshold=1.0, reset_mechanism="subtract",
        reset_delay=True.
      spikingjelly.LIFNode: tau=2.0, decay_input=True, v_threshold=1.0,
        v_reset=0.0 (None: soft reset by subtraction).
      custom: neuron= the (8,) vector itself.
    weight is nn.Linear.weight (out × in); bias (out,) or None.
    """
    if preset not in PRESETS:
        raise ValueError(f"unknown preset {preset!r}; want one of {PRESETS}")
    w = _f32(weight)
    if w.ndim != 2:
        raise ValueError(f"weight must be 2-D (out, in), got shape {w.shape}")
    out = w.shape[0]
    b = None if bias is None else _f32(bias).reshape(-1)
    if b is not None and b.shape != (out,):
        raise ValueError(f"bias shape {b.shape}, want ({out},)")
    layer = {}
    if preset in ("snntorch.Leaky", "snntorch.RLeaky"):
        allowed = {"beta", "threshold", "reset_mechanism", "reset_delay"}
        _check_params(preset, params, allowed, required={"beta"})
        layer["neuron"] = _snntorch_neuron(params["beta"], params.get("threshold", 1.0),
                                           params.get("reset_mechanism", "subtract"),
                                           params.get("reset_delay", True))
        if preset == "snntorch.RLeaky":
            if recurrent_weight is None:
                raise ValueError("snntorch.RLeaky needs recurrent_weight (out × out)")
            v = _f32(recurrent_weight)
            if v.shape != (out, out):
                raise ValueError(f"recurrent_weight shape {v.shape}, want ({out}, {out})")
            layer["recurrent_weight"] = v
            if recurrent_bias is not None:
                rb = _f32(recurrent_bias).reshape(-1)
                if rb.shape != (out,):
                    raise ValueError(f"recurrent_bias shape {rb.shape}, want ({out},)")
                # Folded: one float32 addition (numpy float32 + float32).
                b = rb.copy() if b is None else (b + rb).astype(np.float32)
        elif recurrent_weight is not None or recurrent_bias is not None:
            raise ValueError("snntorch.Leaky has no recurrent weights; use snntorch.RLeaky")
    elif preset == "spikingjelly.LIFNode":
        _check_params(preset, params, {"tau", "decay_input", "v_threshold", "v_reset"}, set())
        w, b, layer["neuron"] = _lif(w, b, float(params.get("tau", 2.0)),
                                     bool(params.get("decay_input", True)),
                                     float(params.get("v_threshold", 1.0)),
                                     params.get("v_reset", 0.0))
    else:
        _check_params(preset, params, set(), set())
        if neuron is None:
            raise ValueError("custom preset needs neuron= (8,) vector")
        n = np.asarray(neuron, dtype=np.float64).reshape(-1)
        if n.shape != (8,):
            raise ValueError(f"neuron vector shape {n.shape}, want (8,)")
        layer["neuron"] = neuron_vector(*n[:7])
        if recurrent_weight is not None:
            layer["recurrent_weight"] = _f32(recurrent_weight)
    layer["weight"] = w
    if b is not None:
        layer["bias"] = b
    layer["preset"] = np.frombuffer(preset.encode("ascii"), dtype=np.uint8).copy()
    return layer


def _check_params(preset, params, allowed, required):
    unknown = set(params) - allowed
    if unknown:
        raise ValueError(f"{preset}: unknown parameters {sorted(unknown)}; allowed {sorted(allowed)}")
    missing = required - set(params)
    if missing:
        raise ValueError(f"{preset}: missing parameters {sorted(missing)}")


def _lif(w, b, tau, decay_input, v_threshold, v_reset):
    """SpikingJelly LIFNode as SPEC §6 arithmetic (see docs/MODEL-FORMAT.md).

    decay_input=True, hard reset:  v + (x - (v - v_reset))/τ
        = (1 - 1/τ)·v + (W/τ)·in + (b + v_reset)/τ
    decay_input=False, hard reset: v - (v - v_reset)/τ + x
        = (1 - 1/τ)·v + W·in + (b + v_reset/τ)
    v_reset=None (soft): the same with v_reset = 0, and reset by subtracting
    v_threshold. Each scaled value is computed in float64 from the float32
    input and rounded once to float32; input_scale is then 1.
    """
    if not tau > 1.0:
        raise ValueError(f"spikingjelly.LIFNode tau must be > 1, got {tau}")
    vr = 0.0 if v_reset is None else float(v_reset)
    b64 = np.zeros(w.shape[0]) if b is None else b.astype(np.float64)
    if decay_input:
        w = (w.astype(np.float64) / tau).astype(np.float32)
        b = ((b64 + vr) / tau).astype(np.float32)
    else:
        b = (b64 + vr / tau).astype(np.float32)
    if v_reset is None:
        n = neuron_vector(1.0 - 1.0 / tau, v_threshold, FIRE_GE, RESET_SUBTRACT, 0.0, False)
    else:
        n = neuron_vector(1.0 - 1.0 / tau, v_threshold, FIRE_GE, RESET_TO_VALUE, vr, False)
    return w, b, n


def write_archive(path, layers):
    """Writes layers (dicts from layer_from_torch) to path as an .npz."""
    if not layers:
        raise ValueError("no layers")
    arrays = {"format": np.array([MODEL_FORMAT_VERSION], dtype=np.int64),
              "layers": np.array([len(layers)], dtype=np.int64)}
    prev_out = None
    for k, layer in enumerate(layers):
        w = layer["weight"]
        if prev_out is not None and w.shape[1] != prev_out:
            raise ValueError(f"layer{k}/weight has {w.shape[1]} inputs, layer{k-1} has {prev_out} outputs")
        prev_out = w.shape[0]
        for name, arr in layer.items():
            arrays[f"layer{k}/{name}"] = arr
    np.savez(path, **arrays)


def _parse_params(items):
    params = {}
    for item in items or []:
        key, _, val = item.partition("=")
        low = val.lower()
        if low in ("true", "false"):
            params[key] = low == "true"
        elif low == "none":
            params[key] = None
        else:
            try:
                params[key] = float(val)
            except ValueError:
                params[key] = val
    return params


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("-state-dict", required=True, help="file written by torch.save(model.state_dict())")
    ap.add_argument("-linear", required=True, help="comma-separated nn.Linear prefixes, input layer first")
    ap.add_argument("-recurrent", default="", help="RLeaky: comma-separated recurrent nn.Linear prefixes")
    ap.add_argument("-preset", required=True, choices=PRESETS[:3])
    ap.add_argument("-param", action="append", help="library parameter, e.g. beta=0.9 (repeatable)")
    ap.add_argument("-out", required=True)
    args = ap.parse_args(argv)
    import torch  # only the CLI needs torch
    sd = torch.load(args.state_dict, map_location="cpu")
    params = _parse_params(args.param)
    names = args.linear.split(",")
    recs = args.recurrent.split(",") if args.recurrent else [None] * len(names)
    if len(recs) != len(names):
        ap.error("-recurrent needs one prefix per -linear prefix")
    layers = []
    for name, rec in zip(names, recs):
        extra = {}
        if rec:
            extra = {"recurrent_weight": sd[rec + ".weight"], "recurrent_bias": sd.get(rec + ".bias")}
        layers.append(layer_from_torch(args.preset, sd[name + ".weight"], sd.get(name + ".bias"),
                                       **extra, **params))
    write_archive(args.out, layers)
    print(f"wrote {args.out}: {len(layers)} layers", file=sys.stderr)


if __name__ == "__main__":
    main()
