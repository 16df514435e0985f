#!/usr/bin/python3
"""Golden traces of the snnTorch and SpikingJelly presets (format_version 2).

Writes testdata/golden/presets/{<case>.json, index.json, SHA256SUMS}; the
format is in testdata/golden/README.md. Needs Debian's python3-torch (1.13)
and python3-numpy only. snnTorch and SpikingJelly cannot be installed here,
so their update equations are written out in plain torch below, from:

* snnTorch: jeshraghian/snntorch commit 0110f9fc6bcf4896e9f498897dcb18c7f3797748
  (the 0.7-era source with reset_delay=True), snntorch/_neurons/leaky.py
  (Leaky.forward, _base_state_function, _base_sub), snntorch/_neurons/rleaky.py
  (RLeaky.forward, _init_recurrent_linear, _base_state_function) and
  snntorch/_neurons/neurons.py (SpikingNeuron.fire, mem_reset; beta and
  threshold are float32 tensors from torch.as_tensor; the spike function's
  forward is heaviside(u) = (u > 0)).
* SpikingJelly 0.0.0.0.14: fangwei123456/spikingjelly
  spikingjelly/activation_based/neuron.py (BaseNode: v starts at v_reset,
  neuronal_fire = surrogate(v - v_threshold) whose forward is
  heaviside(u) = (u >= 0), jit_hard_reset; LIFNode.neuronal_charge with
  decay_input=True: v = v + (x - (v - v_reset)) / tau, which for v_reset = 0
  is the same float32 arithmetic as its reset0 variant v + (x - v) / tau).

Gate: every membrane value compared with the threshold, recomputed in float64
from torch's own float32 previous state, spikes and weights, is more than
1e-4 from the float32 threshold; seeds that fail are recorded and the next
seed is tried. Each case is also replayed in numpy with SPEC §6's canonical
float32 arithmetic (fma chains; the fma emulated in float64) and must give the
same spikes.
"""

import hashlib
import json
import os
import sys

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import export_torch  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
OUT = os.path.join(ROOT, "testdata", "golden", "presets")
MARGIN = 1e-4
SNNTORCH_SRC = ("jeshraghian/snntorch@0110f9fc6bcf4896e9f498897dcb18c7f3797748 "
                "snntorch/_neurons/leaky.py, rleaky.py, neurons.py (0.7-era, reset_delay=True)")
SJ_SRC = "spikingjelly 0.0.0.0.14 spikingjelly/activation_based/neuron.py (LIFNode, BaseNode)"

# name, preset, sizes (in, out[, out2]), steps, seed, input scale, library params
CASES = [
    ("snntorch_leaky_20x12", "snntorch.Leaky", (20, 12), 40, 100, 1.0,
     {"beta": 0.9, "threshold": 1.0, "reset_mechanism": "subtract"}),
    ("snntorch_leaky_64x32", "snntorch.Leaky", (64, 32), 60, 200, 1.0,
     {"beta": 0.8, "threshold": 0.5, "reset_mechanism": "subtract"}),
    ("snntorch_leaky_chain_40x24x10", "snntorch.Leaky", (40, 24, 10), 50, 300, 3.0,
     {"beta": 0.9, "threshold": 1.0, "reset_mechanism": "subtract"}),
    ("snntorch_rleaky_20x12", "snntorch.RLeaky", (20, 12), 40, 400, 2.0,
     {"beta": 0.9, "threshold": 1.0, "reset_mechanism": "subtract"}),
    ("snntorch_rleaky_64x32", "snntorch.RLeaky", (64, 32), 60, 500, 1.0,
     {"beta": 0.85, "threshold": 0.75, "reset_mechanism": "subtract"}),
    ("spikingjelly_lif_20x12", "spikingjelly.LIFNode", (20, 12), 40, 600, 8.0,
     {"tau": 2.0, "decay_input": True, "v_threshold": 1.0, "v_reset": 0.0}),
    ("spikingjelly_lif_64x32", "spikingjelly.LIFNode", (64, 32), 60, 700, 8.0,
     {"tau": 2.5, "decay_input": True, "v_threshold": 0.8, "v_reset": -0.25}),
]


def f32_tensor(a):
    a = np.ascontiguousarray(a, dtype=np.float32)
    vals = [float(str(v)) if np.isfinite(v) else None for v in a.reshape(-1)]
    return {"dtype": "float32", "shape": list(a.shape),
            "bits": a.view(np.uint32).reshape(-1).tolist(), "values": vals}


def u8_tensor(a):
    a = np.ascontiguousarray(a, dtype=np.uint8)
    return {"dtype": "uint8", "shape": list(a.shape), "values": a.reshape(-1).tolist()}


def bits32(v):
    return int(np.float32(v).view(np.uint32))


# ---- the libraries' update equations in plain torch (float32) ----

def snntorch_step(cur, rec_cur, mem, beta, thr):
    """snntorch Leaky/RLeaky forward, reset_mechanism="subtract", reset_delay=True.

    reset = heaviside(mem_prev - thr)            (mem_reset, before the update)
    mem   = beta.clamp(0,1)*mem_prev + input_ [+ recurrent(spk_prev)] - reset*thr
    spk   = heaviside(mem - thr),  heaviside(u) = (u > 0)
    """
    reset = (mem - thr > 0).to(torch.float32)
    base = beta.clamp(0, 1) * mem + cur
    if rec_cur is not None:
        base = base + rec_cur
    mem = base - reset * thr
    spk = (mem - thr > 0).to(torch.float32)
    return spk, mem, mem


def spikingjelly_step(cur, v, tau, v_th, v_reset):
    """SpikingJelly LIFNode, decay_input=True, hard reset (v_reset not None).

    v     = v + (x - (v - v_reset)) / tau          (neuronal_charge)
    spike = heaviside(v - v_threshold), heaviside(u) = (u >= 0)   (neuronal_fire)
    v     = (1 - spike) * v + spike * v_reset       (jit_hard_reset)
    """
    v = v + (cur - (v - v_reset)) / tau
    spike = (v - v_th >= 0).to(torch.float32)
    pre = v
    v = (1.0 - spike) * v + spike * v_reset
    return spike, v, pre


def make_layers(preset, sizes, params):
    layers = []
    for k in range(len(sizes) - 1):
        fc = nn.Linear(sizes[k], sizes[k + 1])
        rec = nn.Linear(sizes[k + 1], sizes[k + 1]) if preset == "snntorch.RLeaky" else None
        layers.append((fc, rec))
    return layers


def run_torch(preset, layers, params, x):
    """Returns per layer dict of float32/uint8 numpy arrays over the steps."""
    T = x.shape[0]
    traces = []
    inp = x
    for fc, rec in layers:
        out = fc.out_features
        if preset.startswith("snntorch"):
            beta = torch.as_tensor(params["beta"])
            thr = torch.as_tensor(params["threshold"])
            mem = torch.zeros(1, out)
        else:
            v_reset = params["v_reset"]
            mem = torch.full((1, out), v_reset)  # BaseNode: v starts at v_reset
        state0 = mem.clone()
        spk = torch.zeros(1, out)
        rec_w = {"current": [], "recurrent_current": [], "pre_state": [], "state": [], "spikes": []}
        with torch.no_grad():
            for t in range(T):
                cur = fc(inp[t:t + 1])
                if preset.startswith("snntorch"):
                    rc = rec(spk) if rec is not None else None
                    spk, mem, pre = snntorch_step(cur, rc, mem, beta, thr)
                    if rc is not None:
                        rec_w["recurrent_current"].append(rc[0].numpy().copy())
                else:
                    spk, mem, pre = spikingjelly_step(cur, mem, params["tau"], params["v_threshold"], v_reset)
                rec_w["current"].append(cur[0].numpy().copy())
                rec_w["pre_state"].append(pre[0].numpy().copy())
                rec_w["state"].append(mem[0].numpy().copy())
                rec_w["spikes"].append(spk[0].numpy().astype(np.uint8))
        tr = {k: np.stack(v) for k, v in rec_w.items() if v}
        tr["state0"] = state0[0].numpy().copy()
        tr["input"] = inp.numpy().copy()
        traces.append(tr)
        inp = torch.from_numpy(tr["spikes"].astype(np.float32))  # next layer: this step's spikes
    return traces


# ---- the gate: float64 membranes from torch's own previous values ----

def margins(preset, fc, rec, params, tr):
    W = fc.weight.detach().numpy().astype(np.float64)
    b = fc.bias.detach().numpy().astype(np.float64)
    cur64 = tr["input"].astype(np.float64) @ W.T + b
    T, out = tr["spikes"].shape
    prev = np.vstack([tr["state0"][None], tr["state"][:-1]]).astype(np.float64)
    sprev = np.vstack([np.zeros((1, out)), tr["spikes"][:-1]]).astype(np.float64)
    if preset.startswith("snntorch"):
        beta = float(np.float32(min(max(params["beta"], 0.0), 1.0)))
        thr = float(np.float32(params["threshold"]))
        reset = (prev > thr).astype(np.float64)
        pre = beta * prev + cur64 - reset * thr
        if rec is not None:
            V = rec.weight.detach().numpy().astype(np.float64)
            pre = pre + sprev @ V.T + rec.bias.detach().numpy().astype(np.float64)
    else:
        thr = float(np.float32(params["v_threshold"]))
        pre = prev + (cur64 - (prev - params["v_reset"])) / params["tau"]
    dist = np.abs(pre - thr)
    i = np.unravel_index(np.argmin(dist), dist.shape)
    f32err = float(np.max(np.abs(pre - tr["pre_state"].astype(np.float64))))
    return {"min_abs": float(dist[i]), "at_step": int(i[0]), "at_neuron": int(i[1]),
            "pre_state_f64_there": float(pre[i]),
            "per_step_min_abs": [float(v) for v in dist.min(axis=1)],
            "torch_f32_pre_state_max_abs_error_vs_f64": f32err}


# ---- replay with SPEC §6 canonical arithmetic (what the Go kernels do) ----

def fma32(a, b, c):
    """float32 fma emulated: exact float64 product, one float64 add, round to float32."""
    return (a.astype(np.float64) * b.astype(np.float64) + c.astype(np.float64)).astype(np.float32)


def replay_canonical(layer, tr):
    """Replays one layer from its archive arrays (layer_from_torch) and inputs."""
    n = layer["neuron"]
    decay, thr = np.float32(n[0]), np.float32(n[1])
    fire_gt, reset, rv, delayed = n[2] == 1, int(n[3]), np.float32(n[4]), n[5] == 1
    W = layer["weight"]
    out = W.shape[0]
    b = layer.get("bias", np.zeros(out, np.float32))
    V = layer.get("recurrent_weight")
    v = tr["state0"].astype(np.float32).copy()
    s = np.zeros(out, bool)
    spikes, states = [], []
    for xt in tr["input"].astype(np.float32):
        acc = b.copy()
        for i in range(W.shape[1]):
            acc = fma32(np.full(out, xt[i], np.float32), W[:, i], acc)
        if V is not None:
            for k in np.nonzero(s)[0]:
                acc = (acc + V[:, k]).astype(np.float32)
        v2 = fma32(np.full(out, decay, np.float32), v, acc)
        if delayed:
            v2 = np.where(s, _reset(v2, reset, thr, rv), v2)
        s = (v2 > thr) if fire_gt else ~(v2 < thr)
        if not delayed:
            v2 = np.where(s, _reset(v2, reset, thr, rv), v2)
        v = v2.astype(np.float32)
        spikes.append(s.astype(np.uint8))
        states.append(v)
    return np.stack(spikes), np.stack(states)


def _reset(v, mode, thr, rv):
    if mode == 0:
        return np.zeros_like(v)
    if mode == 1:
        return (v - thr).astype(np.float32)
    if mode == 2:
        return v
    return np.full_like(v, rv)


def tolerance(d):
    t = max(10 * d, 1e-6)
    e = 10.0 ** np.floor(np.log10(t))
    return float(np.ceil(t / e) * e)


def build(name, preset, sizes, steps, seed0, scale, params):
    rejected = []
    seed = seed0
    while True:
        torch.manual_seed(seed)
        layers = make_layers(preset, sizes, params)
        x = torch.rand(steps, sizes[0]) * scale
        traces = run_torch(preset, layers, params, x)
        ms = [margins(preset, fc, rec, params, tr) for (fc, rec), tr in zip(layers, traces)]
        worst = min(m["min_abs"] for m in ms)
        if worst > MARGIN:
            break
        rejected.append({"seed": seed, "min_margin": worst})
        seed += 1
    out_layers = []
    for k, ((fc, rec), tr, m) in enumerate(zip(layers, traces, ms)):
        lib = {kk: vv for kk, vv in params.items()}
        arch = export_torch.layer_from_torch(
            preset, fc.weight, fc.bias,
            recurrent_weight=None if rec is None else rec.weight,
            recurrent_bias=None if rec is None else rec.bias, **lib)
        rs, rstate = replay_canonical(arch, tr)
        same = bool(np.array_equal(rs, tr["spikes"]))
        if not same:
            raise SystemExit(f"{name} layer {k}: canonical replay spikes differ from torch")
        diff = float(np.max(np.abs(rstate.astype(np.float64) - tr["state"].astype(np.float64))))
        n = arch["neuron"]
        preset_obj = {"name": preset, "source": SNNTORCH_SRC if preset.startswith("snntorch") else SJ_SRC}
        preset_obj.update(lib)
        if preset.startswith("snntorch"):
            preset_obj["reset_delay"] = True
        preset_obj["weight"] = f32_tensor(fc.weight.detach().numpy())
        preset_obj["bias"] = f32_tensor(fc.bias.detach().numpy())
        if rec is not None:
            preset_obj["recurrent_weight"] = f32_tensor(rec.weight.detach().numpy())
            preset_obj["recurrent_bias"] = f32_tensor(rec.bias.detach().numpy())
        layer = {
            "index": k, "input_source": "case.input" if k == 0 else f"float32(layers[{k-1}].spikes)",
            "in_size": fc.in_features, "out_size": fc.out_features,
            "preset": preset_obj,
            "neuron": {
                "decay": float(np.float32(n[0])), "decay_float32_bits": bits32(n[0]),
                "threshold": float(np.float32(n[1])), "threshold_float32_bits": bits32(n[1]),
                "fire": ">" if n[2] == 1 else ">=",
                "reset": ["zero", "subtract", "none", "to_value"][int(n[3])],
                "reset_value": float(np.float32(n[4])), "reset_value_float32_bits": bits32(n[4]),
                "delayed_reset": bool(n[5] == 1), "recurrent": rec is not None,
                "model_archive_vector": n.tolist(),
            },
            "learning": False,
            "state0": f32_tensor(tr["state0"]),
            "current": f32_tensor(tr["current"]),
        }
        if "recurrent_current" in tr:
            layer["recurrent_current"] = f32_tensor(tr["recurrent_current"])
        layer.update({
            "pre_state": f32_tensor(tr["pre_state"]),
            "spikes": u8_tensor(tr["spikes"]),
            "state": f32_tensor(tr["state"]),
            "spike_count": int(tr["spikes"].sum()),
            "spike_rate": float(tr["spikes"].mean()),
            "margin": m,
            "replay": {"canonical_spec6": {"spikes_equal": same, "state_max_abs_diff": diff}},
            "float_tolerance": {"max_abs_diff_seen_across_orders": diff,
                                "suggested_abs_tolerance": tolerance(diff),
                                "note": "for state/pre_state; spikes are exact"},
        })
        out_layers.append(layer)
    desc = f"{preset} " + "→".join(str(s) for s in sizes) + f", T={steps}, inputs uniform in [0, {scale:g})"
    case = {
        "format": "snn-golden-trace", "format_version": 2, "name": name, "split": "presets",
        "category": "preset", "description": desc, "steps": steps, "seed": seed,
        "seed_note": "torch.manual_seed(seed); per layer nn.Linear(in, out) then (RLeaky) nn.Linear(out, out); "
                     "then torch.rand(T, in) * scale. Every initial value is stored.",
        "seeds_rejected": rejected,
        "gate": {"min_margin_required": MARGIN, "canonical_replay_spikes_equal": True},
        "input": f32_tensor(traces[0]["input"]),
        "layers": out_layers,
        "generator": {"script": "tools/golden_presets.py", "torch": torch.__version__,
                      "torch_package": "Debian python3-torch 1.13.1+dfsg-4", "numpy": np.__version__,
                      "threads": torch.get_num_threads()},
    }
    return case


def main():
    torch.set_num_threads(1)
    os.makedirs(OUT, exist_ok=True)
    index = {"format": "snn-golden-trace", "format_version": 2, "split": "presets", "cases": []}
    sums = []
    for spec in CASES:
        case = build(*spec)
        path = os.path.join(OUT, case["name"] + ".json")
        data = json.dumps(case, separators=(",", ":")).encode() + b"\n"
        with open(path, "wb") as f:
            f.write(data)
        sums.append(f"{hashlib.sha256(data).hexdigest()}  {case['name']}.json")
        index["cases"].append({
            "name": case["name"], "category": "preset", "preset": spec[1],
            "files": [case["name"] + ".json"], "steps": case["steps"], "seed": case["seed"],
            "layers": [{"in_size": l["in_size"], "out_size": l["out_size"],
                        "min_margin": l["margin"]["min_abs"], "spike_rate": l["spike_rate"]}
                       for l in case["layers"]],
            "bytes": len(data), "description": case["description"]})
        print(case["name"], "seed", case["seed"], "rejected", len(case["seeds_rejected"]),
              [(round(l["margin"]["min_abs"], 6), round(l["spike_rate"], 3),
                l["float_tolerance"]["max_abs_diff_seen_across_orders"]) for l in case["layers"]])
    with open(os.path.join(OUT, "index.json"), "w") as f:
        json.dump(index, f, indent=1)
        f.write("\n")
    with open(os.path.join(OUT, "SHA256SUMS"), "w") as f:
        f.write("\n".join(sums) + "\n")


if __name__ == "__main__":
    main()
