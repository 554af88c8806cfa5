"""The Playground's share codes are data from strangers: a code pasted into "share", or put in the Voilà page's
address as ``?state=CODE``. A hostile code must be refused quickly (< 0.5 s, < 50 MB), with one clear message and
no control changed; every code a learner's Playground can make must be accepted and bring back the same state.

The ranges the tests explore are read from a Playground's own controls, as the Playground reads them, so the tests
follow the controls if a slider's range changes."""
import base64
import functools
import json
import time
import tracemalloc
import zlib

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from dlkit import widgets
from dlkit.widgets import playground as P
from dlkit.widgets.playground import OWN_BOUNDS, decode_state, encode_state

MiB = 2 ** 20
SECONDS, MEMORY = 0.5, 50 * MiB  # what refusing any hostile code may cost at most
CONTROLS = widgets.Playground().controls


# -- codes made by hand, as an attacker makes them ------------------------------------------------------------
def pack(text: str) -> str:
    """Any text as a share code (the Playground's own encode_state only packs what json.dumps writes)."""
    return base64.urlsafe_b64encode(zlib.compress(text.encode(), 9)).decode().rstrip("=")


def pack_repeated(head: str, middle: str, times: int, tail: str) -> str:
    """The code of head + middle * times + tail, compressed piece by piece: the whole text is never in memory."""
    packer = zlib.compressobj(9)
    chunk_times = max(1, MiB // len(middle))
    parts = [packer.compress(head.encode())]
    for start in range(0, times, chunk_times):
        parts.append(packer.compress((middle * min(chunk_times, times - start)).encode()))
    parts += [packer.compress(tail.encode()), packer.flush()]
    return base64.urlsafe_b64encode(b"".join(parts)).decode().rstrip("=")


@functools.lru_cache
def zip_bomb(mebibytes: int) -> str:
    """A code for {"n": 1} with ``mebibytes`` MiB of spaces (valid JSON) before the 1: deflate packs about 1030
    spaces into a byte, so 200 MiB fit in a code of about 272 KB."""
    return pack_repeated('{"n":', " " * 1024, mebibytes * 1024, "1}")


@functools.lru_cache
def three_million_points() -> str:
    """The learner's own points, 3 million of them, in a code of about 46 KB (the same point over and over)."""
    return pack_repeated('{"dataset":"own","points":[', "[1,1,0],", 3_000_000, "[0,0,0]]}")


def default_weights(transform=np.ndarray.tolist):
    """A new Playground's weights (2 inputs, 2 hidden layers of 4, 1 output) as a state has them, changed by
    ``transform`` (W as an array -> what the state should hold)."""
    pg_ = widgets.Playground()
    return [[transform(d.W.copy()), d.b.tolist()] for d in pg_.network.dense_layers]


def with_one(W, value):
    W = W.tolist()
    W[0][0] = value
    return W


MAX_POINTS = getattr(P, "MAX_OWN_POINTS", 1000)

# name: (how to make the code, a word the message has)
HOSTILE = {
    "n-2-million": (lambda: encode_state({"n": 2_000_000}), "number of points"),
    "n-100-million": (lambda: encode_state({"n": 10 ** 8}), "number of points"),
    "n-negative": (lambda: encode_state({"n": -5}), "number of points"),
    "n-float": (lambda: encode_state({"n": 500.5}), "number of points"),
    "n-a-googol": (lambda: encode_state({"n": 10 ** 100}), "number of points"),
    "3-million-points-in-46-KB": (three_million_points, "too large"),
    "zip-bomb-272-KB-to-200-MiB": (lambda: zip_bomb(200), "too long"),
    "zip-bomb-under-the-length-cap-to-70-MiB": (lambda: zip_bomb(70), "too large"),
    "nested-100000-deep": (lambda: pack('{"points":' + "[" * 100_000 + "]" * 100_000 + "}"), "nested"),
    "nested-deep-with-brackets-hidden-in-strings": (
        lambda: pack('{"points":' + '["]",' * 50_000 + "0" + "]" * 50_000 + "}"), "nested"),
    "seed-abc": (lambda: encode_state({"seed": "abc"}), "seed"),
    "seed-negative": (lambda: encode_state({"seed": -1}), "seed"),
    "seed-huge": (lambda: encode_state({"seed": 2 ** 80}), "seed"),
    "depth-negative": (lambda: encode_state({"depth": -1}), "hidden layers"),
    "depth-true": (lambda: encode_state({"depth": True}), "hidden layers"),
    "depth-too-many": (lambda: encode_state({"depth": 11}), "hidden layers"),
    "width-float": (lambda: encode_state({"width": 2.5}), "neurons per layer"),
    "width-zero": (lambda: encode_state({"width": 0}), "neurons per layer"),
    "classes-3.0": (lambda: encode_state({"classes": 3.0}), "classes"),
    "batch-size-0": (lambda: encode_state({"batch_size": 0}), "batch size"),
    "noise-nan": (lambda: pack('{"noise":NaN}'), "NaN"),
    "noise-1e999": (lambda: pack('{"noise":1e999}'), "noise"),
    "noise-too-much": (lambda: encode_state({"noise": 5}), "noise"),
    "lr-infinity": (lambda: pack('{"lr":Infinity}'), "Infinity"),
    "lr-a-string": (lambda: encode_state({"lr": "0.1"}), "learning rate"),
    "lr-too-large": (lambda: encode_state({"lr": 100.0}), "learning rate"),
    "l2-negative": (lambda: encode_state({"l2": -0.1}), "L2"),
    "unknown-activation": (lambda: encode_state({"activation": "swish"}), "activation"),
    "unknown-per-layer-activation": (lambda: encode_state({"layer_activations": "relu, swish"}), "per layer"),
    "per-layer-one-too-few": (lambda: encode_state({"layer_activations": "relu"}), "per layer"),
    "per-layer-very-long": (lambda: encode_state({"depth": 1, "layer_activations": "relu" + " " * 100_000}),
                            "per layer"),
    "unknown-data": (lambda: encode_state({"dataset": "mnist"}), "data"),
    "unknown-optimiser": (lambda: encode_state({"optimizer": "lbfgs"}), "optimiser"),
    "unknown-input": (lambda: encode_state({"features": ["x3"]}), "inputs"),
    "no-input": (lambda: encode_state({"features": []}), "inputs"),
    "an-input-twice": (lambda: encode_state({"features": ["x1", "x1"]}), "inputs"),
    "inputs-not-a-list": (lambda: encode_state({"features": "x1"}), "inputs"),
    "show-test-not-true-or-false": (lambda: encode_state({"show_test": "yes"}), "show test data"),
    "unknown-setting": (lambda: encode_state({"colour": "red"}), "no setting"),
    "many-unknown-settings": (lambda: encode_state({f"k{i}": i for i in range(20_000)}), "no setting"),
    "point-outside-the-picture": (lambda: encode_state({"dataset": "own", "points": [[7, 0, 1]]}), "point"),
    "point-nan": (lambda: pack('{"dataset":"own","points":[[NaN,0,1]]}'), "NaN"),
    "point-of-a-class-not-there": (lambda: encode_state({"dataset": "own", "points": [[1, 1, 2]]}), "point"),
    "point-label-float": (lambda: encode_state({"dataset": "own", "points": [[1, 1, 0.5]]}), "point"),
    "point-label-true": (lambda: encode_state({"dataset": "own", "points": [[1, 1, True]]}), "point"),
    "point-without-label": (lambda: encode_state({"dataset": "own", "points": [[1, 1]]}), "point"),
    "points-not-a-list": (lambda: encode_state({"dataset": "own", "points": {"a": 1}}), "points"),
    "one-point-too-many": (lambda: encode_state({"dataset": "own", "points": [[1, 1, 0]] * (MAX_POINTS + 1)}),
                           "points"),
    "weights-transposed": (lambda: encode_state({"weights": default_weights(lambda W: W.T.tolist())}), "weights"),
    "weights-of-one-layer-only": (lambda: encode_state({"weights": default_weights()[:1]}), "weights"),
    "weights-nan": (lambda: encode_state({"weights": default_weights(lambda W: with_one(W, float("nan")))}), "NaN"),
    "weights-infinite": (lambda: encode_state({"weights": default_weights(lambda W: with_one(W, float("inf")))}),
                         "Infinity"),
    "weights-huge": (lambda: encode_state({"weights": default_weights(lambda W: with_one(W, 1e300))}), "weight"),
    "weights-text": (lambda: encode_state({"weights": default_weights(lambda W: with_one(W, "1"))}), "weight"),
    "not-settings": (lambda: pack("[1, 2]"), "not a Playground share code"),
    "damaged": (lambda: "not-a-code", "not a Playground share code"),
    "cut-short": (lambda: encode_state({"dataset": "xor", "depth": 0})[:12], "not a Playground share code"),
    "not-ascii": (lambda: "é" * 50, "not a Playground share code"),
    "too-long": (lambda: "A" * 300_000, "too long"),
}


def measured(action):
    """What ``action()`` costs: its seconds (run plainly, the fastest of two runs: a shared machine can pause a
    process for a moment) and the peak memory it allocates (run again, under tracemalloc, which slows Python down)."""
    times = []
    for _ in range(2):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    seconds = min(times)
    tracemalloc.start()
    try:
        action()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return seconds, peak


def everything_shown(pg):
    """All a learner can see change: every setting (and the seed, points, n and weights), every control's value
    but the share box's (which shows the Playground's own code again), and which network is drawn."""
    values = {name: c.value for name, c in pg.controls.items() if name != "share" and hasattr(c, "value")}
    return (pg.state(weights=True), pg.n, pg.version, values, pg.controls["point"].options,
            pg.controls["classes"].disabled)


@pytest.fixture(scope="module")
def learner():
    return widgets.Playground(dataset="spiral", classes=3, depth=3, width=5, lr=0.1, seed=4)


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_code_pasted_into_share_is_refused_quickly_and_changes_nothing(name, learner):
    make, word = HOSTILE[name]
    code = make()
    before = everything_shown(learner)

    def paste():
        learner.controls["share"].value = code

    seconds, peak = measured(paste)
    assert seconds < SECONDS and peak < MEMORY, f"refusing took {seconds:.2f} s and {peak / MiB:.0f} MiB"
    text = learner.text()
    assert text.startswith("That share code cannot be used:") and word in text, text
    assert "Traceback" not in text and len(text) < 300  # one short line, even for a huge code
    assert everything_shown(learner) == before
    assert learner.controls["share"].value == learner.share_code()  # the box shows the learner's own code again


@pytest.mark.parametrize("name", list(HOSTILE))
def test_a_hostile_code_in_the_page_address_gives_a_new_playground_and_says_why(name):
    make, word = HOSTILE[name]
    address = f"state={make()}"
    pages = []
    plain_seconds, plain_peak = measured(lambda: widgets.Playground.from_url(""))
    seconds, peak = measured(lambda: pages.append(widgets.Playground.from_url(address)))
    # The page always builds a new Playground; the code may only add what refusing it costs.
    assert seconds - plain_seconds < SECONDS and peak - plain_peak < MEMORY, \
        f"refusing took {seconds - plain_seconds:.2f} s and {(peak - plain_peak) / MiB:.0f} MiB more"
    page = pages[-1]
    text = page.text()
    assert text.startswith("The share code in this page's address cannot be used:") and word in text, text
    assert "Traceback" not in text and len(text) < 300
    assert page.state(weights=True) == widgets.Playground().state(weights=True)


@pytest.mark.parametrize("name", ["n-100-million", "3-million-points-in-46-KB", "zip-bomb-272-KB-to-200-MiB",
                                  "nested-100000-deep", "seed-abc", "weights-transposed", "unknown-setting"])
def test_from_state_refuses_a_hostile_state_with_a_value_error(name):
    code = HOSTILE[name][0]()
    with pytest.raises(ValueError):
        widgets.Playground.from_state(code)
    if len(code) < 100_000:  # small enough to be read: the same state given as a dict is refused the same way
        try:
            state = decode_state(code)
        except ValueError:
            return
        with pytest.raises(ValueError):
            widgets.Playground.from_state(state)


def test_the_hostile_codes_are_what_the_attacker_sent():
    assert 40_000 < len(three_million_points()) < 60_000  # fits in an address
    assert 265_000 < len(zip_bomb(200)) < 285_000
    assert len(zip_bomb(70)) < P.MAX_CODE_CHARS  # past the length cap: it is the unpacking that must stop it


# -- every code a learner's Playground can make is accepted -----------------------------------------------------
def choices(control):
    """The values a drop-down or a steps slider offers."""
    return [option[1] if isinstance(option, tuple) else option for option in control.options]


def per_layer_texts(depth):
    names = choices(CONTROLS["activation"])
    return st.one_of(st.just(""), st.lists(st.sampled_from(names), min_size=depth, max_size=depth).flatmap(
        lambda chosen: st.sampled_from([", ", ",", "; ", " , "]).map(lambda sep: sep.join(chosen))))


@st.composite
def learner_states(draw, max_points=30):
    """Any state a learner can reach: each control anywhere in its range, points of their own anywhere on the
    picture (of classes the classes slider allows), any seed "new start" can reach, any toy set size."""
    c = CONTROLS

    def whole(name):
        return draw(st.integers(c[name].min, c[name].max))

    def number(name):
        return draw(st.floats(c[name].min, c[name].max))

    def one_of(name):
        return draw(st.sampled_from(choices(c[name])))

    state = {"dataset": one_of("dataset"), "classes": whole("classes"), "noise": number("noise"),
             "train_ratio": number("train_ratio"), "depth": whole("depth"), "width": whole("width"),
             "activation": one_of("activation"), "lr": one_of("lr"), "optimizer": one_of("optimizer"),
             "l2": one_of("l2"), "l1": one_of("l1"), "batch_size": whole("batch_size"),
             "show_test": draw(st.booleans()), "discretize": draw(st.booleans()),
             "n": draw(st.integers(*P.N_POINTS)), "seed": draw(st.integers(0, P.MAX_SEED))}
    options = c["features"].options
    chosen = draw(st.sets(st.sampled_from(options), min_size=1))
    state["features"] = [name for name in options if name in chosen]
    state["layer_activations"] = draw(per_layer_texts(state["depth"]))
    low, high = OWN_BOUNDS[:2]
    state["points"] = draw(st.lists(st.tuples(st.floats(low, high), st.floats(*OWN_BOUNDS[2:]),
                                              st.integers(0, state["classes"] - 1)).map(list), max_size=max_points))
    return state


def corner(end):
    """Every control at one end of its range (end 0: the lowest, -1: the highest), with the most points of one's own
    and the largest seed at the high end."""
    c = CONTROLS

    def pick(name):
        return [c[name].min, c[name].max][end]

    state = {name: choices(c[name])[end] for name in ("dataset", "activation", "lr", "optimizer", "l2", "l1")}
    state.update({name: pick(name) for name in ("classes", "noise", "train_ratio", "depth", "width", "batch_size")})
    state.update(show_test=bool(end), discretize=bool(end), n=P.N_POINTS[end], seed=[0, P.MAX_SEED][end],
                 features=list(c["features"].options) if end else [c["features"].options[0]])
    longest = max(choices(c["activation"]), key=len)
    state["layer_activations"] = ", ".join([longest] * state["depth"]) if end else ""
    rng = np.random.default_rng(7)
    count = P.MAX_OWN_POINTS if end else 0
    state["points"] = [[round(float(x1), 3), round(float(x2), 3), int(label)] for x1, x2, label in zip(
        rng.uniform(*OWN_BOUNDS[:2], count), rng.uniform(*OWN_BOUNDS[2:], count),
        rng.integers(0, state["classes"], count))]
    if end:
        state["points"][:2] = [[OWN_BOUNDS[0], OWN_BOUNDS[2], 0], [OWN_BOUNDS[1], OWN_BOUNDS[3], 1]]  # the corners
    return state


def layer_shapes(state):
    """The (inputs, outputs) of each layer of the network ``state`` asks for."""
    classes = state["classes"] if state["dataset"] in P.datasets.MULTICLASS + (P.OWN,) else 2
    outputs = 1 if state["dataset"] in P.datasets.REGRESSION or classes == 2 else classes
    sizes = [len(state["features"])] + [state["width"]] * state["depth"] + [outputs]
    return list(zip(sizes[:-1], sizes[1:]))


READER = widgets.Playground()  # reads codes; never changed (checking a state changes nothing)
READER_STATE = READER.state(weights=True)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(state=learner_states(), weights_seed=st.one_of(st.none(), st.integers(0, 2 ** 32 - 1)))
@example(state=corner(0), weights_seed=None)
@example(state=corner(-1), weights_seed=1)
def test_any_state_a_learner_can_reach_is_a_code_that_reads_back_exactly(state, weights_seed):
    if weights_seed is not None:  # weights of every size a weight can have, typed on a link or trained
        rng = np.random.default_rng(weights_seed)

        def numbers(*shape):
            values = rng.normal(size=shape) * 10.0 ** rng.integers(-300, 6, size=shape)
            values.flat[0] = rng.choice([P.MAX_WEIGHT, -P.MAX_WEIGHT, 0.0, 5e-324])
            return values.tolist()

        state["weights"] = [[numbers(n_in, n_out), numbers(n_out)] for n_in, n_out in layer_shapes(state)]
    code = encode_state(state)
    assert len(code) <= P.MAX_CODE_CHARS
    assert decode_state(code) == state
    assert READER._checked_state(decode_state(code)) == state
    assert READER.state(weights=True) == READER_STATE


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(state=learner_states(max_points=12))
@example(state=corner(0))
@example(state=corner(-1))
@example(state={**corner(-1), "dataset": P.OWN})
def test_a_learners_playground_travels_whole_through_its_code(state):
    teacher = widgets.Playground(**state)
    assert teacher.state() == state
    code = teacher.share_code()
    learner = widgets.Playground()
    learner.controls["share"].value = code  # pasted, then Enter
    assert learner.text() == teacher.text()  # no complaint that the teacher did not have too
    assert learner.state() == state and learner.controls["share"].value == code
    assert all(np.array_equal(a.W, b.W) for a, b in zip(learner.network.dense_layers, teacher.network.dense_layers))
    assert widgets.Playground.from_url(f"state={code}").state() == state  # the page's address
    # With the weights (trained, and one typed on a link), the code carries the network too, both ways in.
    teacher.train(1)
    teacher.set_weight(0, 0, 0, -P.MAX_WEIGHT)
    with_weights = encode_state(teacher.state(weights=True))
    learner.controls["share"].value = with_weights
    assert learner.state(weights=True) == teacher.state(weights=True), learner.text()
    assert widgets.Playground.from_state(with_weights).state(weights=True) == teacher.state(weights=True)


def test_the_caps_stand_well_above_the_longest_code_a_playground_makes():
    """The longest code: every control at its high end (every input, 10 hidden layers of 32 neurons, 5 classes),
    the most points of one's own, and every weight a number with the longest text JSON writes."""
    state = {**corner(-1), "dataset": P.OWN}  # your own data: a network with an output per class, the most weights
    rng = np.random.default_rng(0)

    def longest_numbers(*shape):  # -1.2345678901234567e-123: 17 digits, a sign and a 3-digit exponent
        return (-rng.uniform(1, 10, shape) * 10.0 ** rng.integers(-300, -100, shape)).tolist()

    state["weights"] = [[longest_numbers(n_in, n_out), longest_numbers(n_out)] for n_in, n_out in layer_shapes(state)]
    code = encode_state(state)
    text = json.dumps(state, separators=(",", ":"), sort_keys=True, ensure_ascii=False).encode()
    print(f"\nthe longest share code: {len(code)} characters (cap {P.MAX_CODE_CHARS}), {len(text)} bytes of JSON "
          f"(cap {P.MAX_STATE_BYTES})")
    assert len(code) * 1.5 < P.MAX_CODE_CHARS and len(text) * 1.5 < P.MAX_STATE_BYTES
    assert READER._checked_state(decode_state(code)) == state
    pg = widgets.Playground.from_state(code)
    assert pg.state(weights=True) == state
    # Without the weights, as share() makes it, it fits in any address (Voilà's server takes up to 64 KB).
    assert len(pg.share_code()) < 16_000


def test_a_code_may_hold_values_between_a_controls_steps():
    # Made in code (the learner's own sliders move in steps): the controls take them, as they do in the constructor.
    teacher = widgets.Playground(lr=0.05, l2=0.05, l1=0.002, noise=0.123, train_ratio=0.55)
    learner = widgets.Playground()
    learner.controls["share"].value = teacher.share_code()
    assert learner.state() == teacher.state() and "cannot" not in learner.text()


def test_a_whole_address_pasted_into_share_works_too():
    teacher = widgets.Playground(dataset="xor", depth=1)
    learner = widgets.Playground()
    address = f"http://localhost:8866/voila/render/playground.ipynb?state={teacher.share_code()}"
    learner.controls["share"].value = address
    assert learner.state() == teacher.state()


def test_clicks_and_typed_weights_stay_within_what_a_code_may_hold():
    pg = widgets.Playground(dataset="own")
    pg.points = [[0.0, 0.0, k % 2] for k in range(P.MAX_OWN_POINTS)]
    with pytest.raises(ValueError, match=f"at most {P.MAX_OWN_POINTS}"):
        pg.add_point(1, 1, 0)
    assert len(pg.points) == P.MAX_OWN_POINTS
    pg.view._message(pg.view, {"type": "point", "x1": 1.0, "x2": 1.0}, [])  # a click says so, and adds nothing
    assert f"at most {P.MAX_OWN_POINTS}" in pg.text() and len(pg.points) == P.MAX_OWN_POINTS
    pg.set_weight(0, 0, 0, P.MAX_WEIGHT)
    with pytest.raises(ValueError, match="weight"):
        pg.set_weight(0, 0, 0, P.MAX_WEIGHT * 10)
    assert pg.network.dense_layers[0].W[0, 0] == P.MAX_WEIGHT
