"""Saving a network to one ``.npz`` file, and loading it back.

The file holds the architecture (each layer's type, module and class as in "dlkit.layers.Tanh", and its
``config()``, as JSON) and every parameter as a plain array of real numbers. It is read without pickle, so a
file cannot run code. A damaged or hostile file fails fast with one ``ValueError`` that names the problem,
before anything it declares is allocated: every array's shape is read from its header and checked against the
architecture and against the bytes really there.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np

from .layers import Dense, Layer, layer_type
from .validate import KINDS, count

ARCHITECTURE = "__architecture__"
MAX_PARAMETERS = 50_000_000  # 400 MB of float64, far beyond any network of the course: refused, not allocated
MAX_ARCHITECTURE_BYTES = 1_000_000


def npz_path(path) -> Path:
    """The file ``save(path)`` writes: numpy adds ``.npz`` when the name has no such ending."""
    path = Path(path)
    return path if path.suffix == ".npz" else path.with_name(path.name + ".npz")


def save(net, path) -> Path:
    """Write ``net`` to ``path`` (``.npz`` is added if missing) and return the path written."""
    spec = []
    for i, layer in enumerate(net.layers):
        name, kind = type(layer).__name__, layer_type(type(layer))
        if Layer.registry.get(kind) is not type(layer):
            raise TypeError(f"cannot save layer {i}, a {name}: it is not a dlkit Layer subclass that load() can find "
                            "(was its class defined again after this layer was made? Then make the network again)")
        names = [p.name for p in layer.parameters()]
        twice = next((n for n in names if names.count(n) > 1), None)
        if twice is not None:
            raise ValueError(f"cannot save layer {i} ({name}): two of its parameters are named {twice!r}, so the file "
                             f"could keep only one of them. Give each parameter in {name}.parameters() a name of its "
                             "own")
        try:
            spec.append(json.loads(json.dumps({"type": kind, **layer.config()})))
        except TypeError as error:
            raise TypeError(f"cannot save layer {i} ({name}): its config() must hold plain numbers and strings "
                            f"({error})") from None
        if type(layer).__module__ != Layer.__module__:
            _check_rebuilds(i, layer)
    arrays = {name: p.value for name, p in net.named_parameters()}
    path = npz_path(path)
    np.savez(path, **{ARCHITECTURE: np.array(json.dumps(spec))}, **arrays)
    return path


def _check_rebuilds(i, layer):
    """A layer of yours is rebuilt at load as ``type(layer)(**layer.config())``: if that fails or gives other shapes
    (a constructor argument that config() leaves out), refuse now, while the learner can still fix config(), rather
    than write a file that cannot be loaded."""
    name = type(layer).__name__
    fix = (f"give {name} a config() that returns its constructor's arguments, e.g. def config(self): return "
           "{\"n\": self.n}")
    try:
        rebuilt = type(layer)(**layer.config())
    except Exception as error:
        raise ValueError(f"cannot save layer {i} ({name}): load would rebuild it as {name}(**config()), "
                         f"{name}(**{layer.config()}), and that fails ({type(error).__name__}: {error}): {fix}") from None
    for p, q in zip(layer.parameters(), rebuilt.parameters()):
        if q.layer is not None and getattr(rebuilt, q.name) is None:  # a lazy weight, made by forward
            continue
        if np.shape(p.value) != np.shape(q.value):
            raise ValueError(f"cannot save layer {i} ({name}): load would rebuild it as {name}(**{layer.config()}), "
                             f"whose {p.name} has shape {np.shape(q.value)}, not {np.shape(p.value)}: {fix}")


def load(path):
    """Rebuild a network written by ``save``. The ``.npz`` ending may be left out, as in ``save``.

    Whatever is wrong with the file (damaged, forged, or written by something else), the error is one ValueError
    that names the file."""
    path = Path(path)
    if not path.exists() and npz_path(path).exists():
        path = npz_path(path)
    if not path.exists():
        also = f" (nor {npz_path(path)})" if npz_path(path) != path else ""
        raise FileNotFoundError(f"no network file at {path}{also}")
    try:
        return _load(path)
    except RecursionError:
        raise ValueError(f"{path}: the architecture is nested too deeply to be a network file") from None
    except Exception as error:  # the zip, numpy or a layer's own code may raise anything for a damaged file
        if isinstance(error, ValueError) and str(path) in str(error):
            raise  # ours, which names the problem
        raise ValueError(f"{path} is damaged or was not written by Network.save: "
                         f"reading it failed ({type(error).__name__}: {error})") from None


def _load(path):
    from .network import Network  # here, not at the top: network.py uses this module for Network.save

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError):
        raise ValueError(f"{path} is not a network file written by Network.save (it is not a .npz archive)") from None
    with archive:
        headers = {name[:-4]: _header(archive, name, path) for name in archive.namelist()}
        if ARCHITECTURE not in headers:
            raise ValueError(f"{path} was not written by Network.save: it has no architecture entry")
        for name, (_, dtype) in headers.items():
            if name != ARCHITECTURE and dtype.kind not in "biuf":
                raise ValueError(f"{path}: the array {name!r} holds {KINDS.get(dtype.kind, 'something else')} "
                                 f"({dtype}), but a network's weights are real numbers")
        spec = _architecture(archive, headers[ARCHITECTURE], path)
        _check_dense_shapes(spec, headers, path)
        layers = [_build(entry, i, path) for i, entry in enumerate(spec)]
    try:
        net = Network(layers)
    except (TypeError, ValueError) as error:
        raise ValueError(f"{path}: its layers do not make a network: {error}") from None
    named = dict(net.named_parameters())
    extra = set(headers) - set(named) - {ARCHITECTURE}
    if extra:
        raise ValueError(f"{path} holds arrays the network does not have: {', '.join(sorted(extra))}")
    for name, p in named.items():
        if name not in headers or headers[name][0] != p.value.shape:
            found = "is missing" if name not in headers else f"has shape {headers[name][0]}"
            raise ValueError(f"{path}: parameter {name} {found}, but the architecture needs shape {p.value.shape}")
    with np.load(path, allow_pickle=False) as data:
        for name, p in named.items():
            p.value[...] = data[name]
            if not np.all(np.isfinite(p.value)):
                raise ValueError(f"{path}: parameter {name} holds NaN or infinite values, so the network would predict "
                                 "nothing but NaN (was it saved after training diverged?)")
    return net


def _header(archive, member, path):
    """(shape, dtype) of one array in the archive, read from its header alone; checks that the bytes the
    shape declares are really stored, so a forged header cannot make us allocate what is not there."""
    if not member.endswith(".npy"):
        raise ValueError(f"{path} holds {member!r}, which is not an array: not a file written by Network.save")
    try:
        with archive.open(member) as f:
            version = np.lib.format.read_magic(f)
            if version not in ((1, 0), (2, 0)):
                raise ValueError(f"format version {version} is not one numpy.savez writes")
            read = np.lib.format.read_array_header_1_0 if version == (1, 0) else np.lib.format.read_array_header_2_0
            shape, _, dtype = read(f)
            header_bytes = f.tell()
    except Exception as error:  # numpy raises several kinds for a malformed header
        raise ValueError(f"{path}: the array {member[:-4]!r} has a damaged header ({error})") from None
    if dtype.hasobject:
        raise ValueError(f"{path}: the array {member[:-4]!r} holds Python objects; a network file holds numbers only")
    declared = int(np.prod(shape, dtype=object)) * dtype.itemsize
    if declared > archive.getinfo(member).file_size - header_bytes:
        raise ValueError(f"{path}: the array {member[:-4]!r} declares shape {shape} ({declared:,} bytes), "
                         f"but the file holds only {archive.getinfo(member).file_size - header_bytes:,} bytes of it")
    return shape, dtype


def _architecture(archive, header, path) -> list:
    shape, dtype = header
    if shape != () or dtype.kind != "U" or archive.getinfo(ARCHITECTURE + ".npy").file_size > MAX_ARCHITECTURE_BYTES:
        raise ValueError(f"{path}: the architecture entry should be one short text, but it is {dtype} of shape {shape}")
    with archive.open(ARCHITECTURE + ".npy") as f:
        text = str(np.lib.format.read_array(f, allow_pickle=False))
    try:
        spec = json.loads(text)
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: the architecture is not valid JSON ({error})") from None
    if not isinstance(spec, list) or not spec or not all(isinstance(e, dict) and isinstance(e.get("type"), str)
                                                        for e in spec):
        raise ValueError(f"{path}: the architecture should be a list of layers like {{'type': 'Dense', ...}}, "
                         f"but it is {text[:80]!r}")
    return spec


def _check_dense_shapes(spec, headers, path):
    """Every Dense layer's sizes, checked before any is built: whole numbers, chained, stored in the file."""
    total, previous, k = 0, None, 0
    for i, entry in enumerate(spec):
        if entry["type"] not in ("Dense", layer_type(Dense)):
            # Parameters are named by class name and count ('dense0.W'), so a layer of yours called Dense counts too
            k += entry["type"].rsplit(".", 1)[-1].lower() == "dense"
            continue
        n_in, n_out = entry.get("n_in"), entry.get("n_out")
        if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in (n_in, n_out)):
            raise ValueError(f"{path}: layer {i} (Dense) should have whole-number sizes n_in and n_out, "
                             f"but has n_in={n_in!r}, n_out={n_out!r}")
        if previous is not None and n_in != previous:
            raise ValueError(f"{path}: layer {i} (Dense) expects {count(n_in, 'input')}, but the Dense layer before it "
                             f"gives {previous}")
        total += (n_in + 1) * n_out
        if total > MAX_PARAMETERS:
            raise ValueError(f"{path}: the architecture declares more than {MAX_PARAMETERS:,} parameters "
                             f"(layer {i} is Dense({n_in} -> {n_out})); refusing to build it")
        for name, shape in ((f"dense{k}.W", (n_in, n_out)), (f"dense{k}.b", (n_out,))):
            if name not in headers or headers[name][0] != shape:
                found = "is missing" if name not in headers else f"has shape {headers[name][0]}"
                raise ValueError(f"{path}: layer {i} is Dense({n_in} -> {n_out}), so {name} should have shape "
                                 f"{shape}, but it {found}")
        previous, k = n_out, k + 1


def _build(entry, i, path) -> Layer:
    entry = dict(entry)
    name = entry.pop("type")
    cls = _layer_class(name, i, path)
    try:
        return cls(**entry) if cls is not Dense else Dense(**entry, seed=0)
    except Exception as error:  # a layer's own constructor may raise anything for arguments it does not expect
        raise ValueError(f"{path}: layer {i} ({name}) cannot be rebuilt from {entry}: {error}") from None


def _layer_class(name, i, path) -> type:
    """The class a file's layer type names: "dlkit.layers.Tanh", "__main__.Tanh"; or, in a file written before
    types had their module, a bare "Tanh": dlkit's own, else the one class of this session with that name."""
    cls = Layer.registry.get(name)
    if cls is None and "." not in name:
        cls = Layer.registry.get(f"{Dense.__module__}.{name}")
        if cls is None:
            same = {key: c for key, c in Layer.registry.items() if c.__name__ == name}
            if len(same) > 1:
                raise ValueError(f"{path}: layer {i} is a {name!r}, and this Python session has {len(same)} layer "
                                 f"classes of that name ({', '.join(sorted(same))}); the file was written before "
                                 "layers were saved with their module, so it cannot say which. Load it where only "
                                 "one is defined, then save it again")
            cls = next(iter(same.values()), None)
    if cls is None:
        raise ValueError(f"{path}: layer {i} is a {name!r}, which this Python session does not define: "
                         "run the cell that defines that layer (or import it) before loading")
    return cls
