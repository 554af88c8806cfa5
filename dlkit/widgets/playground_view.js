// The Playground's picture, drawn in the browser from the numbers the kernel sends (see playground_view.py
// for what a frame holds). A plain ES module that anywidget loads as it is: no build step.
//
// Left: the network, a small picture per neuron (its output over the input plane) and a line per weight
// (blue positive, orange negative, wider for larger |w|). Middle: the prediction with the data (large rimmed
// dots: training points; small pale ones: test points). Right: loss, accuracy and each layer's gradient size
// per epoch. Above: the epoch and the latest numbers as text.

const WIDTH = 980, HEIGHT = 380;
const NETWORK = { left: 10, right: 430, top: 34, bottom: HEIGHT - 8 };
const SURFACE = { x: 455, y: 34, size: 300 };
const PANELS = { x: 812, w: 160, boxes: [[34, 92], [160, 218], [286, 344]] }; // [top, bottom] of each plot
const ORANGE = [245, 147, 34], BLUE = [8, 119, 189], WHITE = [255, 255, 255];
const PALE_ORANGE = [251, 200, 143], PALE_BLUE = [143, 195, 230];
// Curves over training, as dlkit's plots draw them (TRAIN_CURVE, TEST_CURVE): never a class's orange or blue.
const TRAIN_CURVE = "#262626", TEST_CURVE = "#8c8c8c";
const FONT = "11px sans-serif";
// viridis from 0 to 0.9, as the matplotlib picture: the first layer purple ... the last yellow
const VIRIDIS = ["#440154", "#482475", "#414487", "#355f8d", "#2a788e", "#21918c", "#22a884", "#44bf70", "#7ad151", "#bddf26"];
const layerColour = (k, layers) => VIRIDIS[Math.round((k * (VIRIDIS.length - 1)) / Math.max(layers - 1, 1))];

// A byte b stands for t = (b - 128) / 127: orange at -1, white at 0, blue at +1.
function palette(negative, positive) {
  const rgba = new Uint8ClampedArray(256 * 4);
  for (let b = 0; b < 256; b++) {
    const t = Math.max(-1, (b - 128) / 127), [end, k] = t < 0 ? [negative, -t] : [positive, t];
    for (let c = 0; c < 3; c++) rgba[4 * b + c] = WHITE[c] + (end[c] - WHITE[c]) * k;
    rgba[4 * b + 3] = 255;
  }
  return rgba;
}
const STRONG = palette(ORANGE, BLUE), PALE = palette(PALE_ORANGE, PALE_BLUE);
// Three to five classes: the Okabe-Ito colours, told apart with every common kind of colour blindness.
const CLASS_COLOURS = [[230, 159, 0], [0, 114, 178], [0, 158, 115], [204, 121, 167], [213, 94, 0]];
const classColour = (k, classes) => (classes <= 2 ? [ORANGE, BLUE][k] : CLASS_COLOURS[k]);
const mix = (colour, k) => colour.map((c) => Math.round(255 + (c - 255) * k)); // white (k = 0) to colour (k = 1)
// Palettes of 256 colours, one per byte, made once for each use and kept (frames only look colours up).
const palettes = new Map();
function cached(key, make) {
  if (!palettes.has(key)) palettes.set(key, make());
  return palettes.get(key);
}
function fromBytes(colourOf) {
  const rgba = new Uint8ClampedArray(256 * 4);
  for (let b = 0; b < 256; b++) rgba.set([...colourOf(b), 255], 4 * b);
  return rgba;
}
const probability = (b) => 0.5 + (b - 128) / 254; // what a byte of a class's probability stands for
// A class's probability as a picture: white at 0, the class's colour at 1.
const classPalette = (k, classes) => cached(`class ${k}/${classes}`,
  () => fromBytes((b) => mix(classColour(k, classes), Math.max(0, probability(b)))));
// The prediction with several classes, by the winning class's probability: its pale colour, white where the
// network is no surer than a guess (1 / classes); with "discretise", the pale colour everywhere it wins.
const winnerPalette = (k, classes, discretize) => cached(`winner ${k}/${classes}/${discretize}`,
  () => fromBytes((b) => mix(mix(classColour(k, classes), 0.45),
    discretize ? 1 : Math.max(0, (probability(b) - 1 / classes) / (1 - 1 / classes)))));
const rgb = (c) => `rgb(${c[0]},${c[1]},${c[2]})`;
const bytesOf = (b) => (b instanceof ArrayBuffer ? new Uint8Array(b) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength));
const floatsOf = (b) => new Float32Array(bytesOf(b).slice().buffer); // copied: a Float32Array needs aligned bytes

// An offscreen canvas holding a grid of bytes as coloured pixels, row 0 at the bottom (as the plane's x2).
function image(bytes, n, colours, target) {
  const canvas = target || document.createElement("canvas");
  if (canvas.width !== n || canvas.height !== n) canvas.width = canvas.height = n; // resizing clears: only when needed
  const ctx = canvas.getContext("2d"), data = ctx.createImageData(n, n);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      const b = bytes[row * n + col], at = 4 * ((n - 1 - row) * n + col);
      data.data.set(colours.subarray(4 * b, 4 * b + 4), at);
    }
  }
  ctx.putImageData(data, 0, 0);
  return canvas;
}

function niceNumber(v, keepZeros = false) {
  // 3 significant digits; keepZeros writes 0.0620, not 0.062, so that numbers read side by side have one precision
  if (v === null || v === undefined) return "–";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e4)) return v.toExponential(1);
  return keepZeros && a !== 0 && a < 1000 ? v.toPrecision(3) : String(+v.toPrecision(3));
}

// One small plot: series of per-epoch values, axes with a few labelled ticks. Log scale draws zeros as red
// crosses on the bottom edge (a log axis has no 0).
function plot(ctx, [top, bottom], title, series, { log = false, range = null } = {}) {
  const left = PANELS.x, right = PANELS.x + PANELS.w;
  ctx.font = FONT; ctx.fillStyle = "#222"; ctx.textAlign = "left"; ctx.textBaseline = "bottom";
  ctx.fillText(title, left - 40, top - 5);
  const n = Math.max(1, ...series.map((s) => s.values.length));
  const positive = series.flatMap((s) => s.values).filter((v) => v !== null && (!log || v > 0));
  let low = range ? range[0] : Math.min(...positive), high = range ? range[1] : Math.max(...positive);
  if (!positive.length && !range) { low = log ? 0.01 : 0; high = 1; }
  if (log) { low = Math.floor(Math.log10(low) + 1e-9); high = Math.max(Math.ceil(Math.log10(high) - 1e-9), low + 1); }
  else if (high - low < 1e-12) { high = low + 1; }
  const y = (v) => bottom - ((log ? Math.log10(v) : v) - low) / (high - low) * (bottom - top);
  const x = (i) => left + (n === 1 ? 0 : (i / (n - 1)) * (right - left));
  ctx.strokeStyle = "#999"; ctx.lineWidth = 1; ctx.strokeRect(left, top, right - left, bottom - top);
  ctx.textAlign = "right"; ctx.textBaseline = "middle"; ctx.fillStyle = "#444";
  const ticks = log ? Array.from({ length: high - low + 1 }, (_, k) => low + k) : [low, (low + high) / 2, high];
  const every = Math.ceil(ticks.length / 4);
  ticks.forEach((t, k) => {
    const at = bottom - (t - low) / (high - low) * (bottom - top);
    ctx.strokeStyle = "#e4e4e4"; ctx.beginPath(); ctx.moveTo(left + 1, at); ctx.lineTo(right - 1, at); ctx.stroke();
    if (k % every === 0 || k === ticks.length - 1) ctx.fillText(niceNumber(log ? 10 ** t : t), left - 3, at);
  });
  ctx.textAlign = "center"; ctx.textBaseline = "top";
  ctx.fillText("1", left, bottom + 2); if (n > 1) ctx.fillText(String(n), right, bottom + 2);
  ctx.fillText("epoch", (left + right) / 2, bottom + 2);
  let zeros = false;
  for (const s of series) {
    ctx.strokeStyle = s.colour; ctx.lineWidth = 1.5; ctx.setLineDash(s.dash || []); ctx.beginPath();
    let drawing = false;
    s.values.forEach((v, i) => {
      if (v === null || (log && v <= 0)) { drawing = false; zeros = zeros || v === 0; return; }
      const py = Math.max(top, Math.min(bottom, y(v)));
      if (drawing) ctx.lineTo(x(i), py); else ctx.moveTo(x(i), py);
      drawing = true;
    });
    if (s.values.length === 1 && s.values[0] !== null) ctx.arc(x(0), y(s.values[0]), 1.5, 0, 2 * Math.PI);
    ctx.stroke(); ctx.setLineDash([]);
    if (log) {
      ctx.strokeStyle = "crimson"; ctx.lineWidth = 2;
      s.values.forEach((v, i) => {
        if (v !== 0) return;
        const cx = x(i), cy = bottom - 4;
        ctx.beginPath(); ctx.moveTo(cx - 3, cy - 3); ctx.lineTo(cx + 3, cy + 3); ctx.moveTo(cx + 3, cy - 3); ctx.lineTo(cx - 3, cy + 3); ctx.stroke();
      });
    }
  }
  if (zeros) { // inside the plot, just above the crosses (the title holds the space above it)
    ctx.fillStyle = "crimson"; ctx.textAlign = "right"; ctx.textBaseline = "bottom"; ctx.fillText("× exactly 0", right - 3, bottom - 9);
  }
}

export default {
  render({ model, el }) {
    const root = document.createElement("div");
    root.className = "dlkit-playground";
    root.innerHTML = `<div class="pg-readouts"><span class="pg-epoch">epoch 0</span><span class="pg-loss"></span>
      <span class="pg-accuracy"></span></div><canvas></canvas>`;
    el.appendChild(root);
    const canvas = root.querySelector("canvas"), ctx = canvas.getContext("2d");
    const epochText = root.querySelector(".pg-epoch"), lossText = root.querySelector(".pg-loss");
    const accuracyText = root.querySelector(".pg-accuracy");
    const scale = window.devicePixelRatio || 1;
    canvas.width = WIDTH * scale; canvas.height = HEIGHT * scale;
    canvas.style.width = "100%"; canvas.style.maxWidth = `${WIDTH}px`; // narrower pages shrink it whole
    const pictures = { neurons: document.createElement("canvas"), output: document.createElement("canvas") };

    let shown = null;            // what is on screen: the network's version, its history, its data
    let current = null;          // the frame on screen, redrawn when the mouse asks for more
    let layout = null;           // where the last frame put each node: [column][i] -> [x, y], and tile sizes
    let hover = null;            // the node under the mouse: {c, i}
    let latest = null;           // the newest frame, waiting to be drawn
    let drawQueued = false, asked = false, alive = true;
    const timing = { askedAt: 0, roundTrip: 0, draw: 0 };

    // Back-pressure: at most one frame on its way and one waiting to be drawn. A frame that arrives with
    // none waiting asks for the next at once, so the kernel computes it while this one is drawn.
    function askForNext(waiting = latest !== null) {
      if (!alive || asked || waiting || !model.get("playing")) return;
      asked = true;
      timing.askedAt = performance.now();
      model.send({ type: "frame" });
    }

    function take(msg, buffers) {
      if (msg.full) {
        const points = floatsOf(buffers[3]);
        shown = { version: msg.version, n_train: msg.n_train, n_test: msg.n_test, points,
                  history: { train_loss: [], val_loss: [], train_accuracy: [], val_accuracy: [], grad_norms: [] } };
      } else if (!shown || shown.version !== msg.version || shown.history.train_loss.length !== msg.history.from) {
        return false; // frames were missed (a new view, a restarted page): ask for everything
      }
      for (const key of Object.keys(shown.history)) shown.history[key].push(...msg.history[key]);
      latest = { msg, nodes: bytesOf(buffers[0]).slice(), output: bytesOf(buffers[1]).slice(), weights: floatsOf(buffers[2]) };
      return true;
    }

    function onMessage(msg, buffers) {
      if (msg.reply) { asked = false; timing.roundTrip = performance.now() - timing.askedAt; }
      const waiting = latest !== null;
      if (msg.type === "frame" && !take(msg, buffers)) { model.send({ type: "hello" }); return; }
      if (latest && !drawQueued) { drawQueued = true; requestAnimationFrame(drawLatest); }
      askForNext(waiting);
    }

    function drawLatest() {
      drawQueued = false;
      if (!latest || !alive) return;
      const frame = latest;
      latest = null;
      askForNext(); // the kernel computes the next frame while this one is drawn
      const start = performance.now();
      draw(frame);
      timing.draw = performance.now() - start;
      root.dataset.drawMs = timing.draw.toFixed(1);        // how long the browser took to draw the frame
      root.dataset.roundTripMs = timing.roundTrip.toFixed(1); // from asking for a frame to having it
    }

    // Text changes only when it differs: the epoch counter then changes once per frame drawn (what a
    // MutationObserver counts), not when the picture is redrawn for the mouse.
    const setText = (element, text) => { if (element.textContent !== text) element.textContent = text; };

    function draw({ msg, nodes, output, weights }) {
      current = { msg, nodes, output, weights };
      const h = shown.history;
      ctx.setTransform(scale, 0, 0, scale, 0, 0);
      ctx.clearRect(0, 0, WIDTH, HEIGHT);
      drawNetwork(msg, nodes, output, weights);
      drawSurface(msg, output);
      if (msg.message) drawMessage(msg.message); else delete root.dataset.message;
      const last = (a) => (a.length ? a[a.length - 1] : null);
      plot(ctx, PANELS.boxes[0], "loss: train —, test - -", [
        { values: h.train_loss, colour: TRAIN_CURVE }, { values: h.val_loss, colour: TEST_CURVE, dash: [4, 3] }], { log: true });
      if (msg.classifier) {
        plot(ctx, PANELS.boxes[1], "accuracy: train —, test - -", [
          { values: h.train_accuracy, colour: TRAIN_CURVE }, { values: h.val_accuracy, colour: TEST_CURVE, dash: [4, 3] }],
          { range: [0, 1] });
      }
      const layers = msg.sizes.length - 1;
      plot(ctx, PANELS.boxes[2], "||dW|| per layer: 1st purple … last yellow",
        Array.from({ length: layers }, (_, k) => ({ values: h.grad_norms.map((row) => row[k]), colour: layerColour(k, layers) })),
        { log: true });
      setText(epochText, `epoch ${msg.epoch}`);
      setText(lossText, h.train_loss.length
        ? `loss: train ${niceNumber(last(h.train_loss), true)}, test ${niceNumber(last(h.val_loss), true)}`
        : "loss: press ▶ play to train");
      setText(accuracyText, msg.classifier && h.train_accuracy.length
        ? `accuracy: train ${(100 * last(h.train_accuracy)).toFixed(1)}%, test ${(100 * last(h.val_accuracy)).toFixed(1)}%` : "");
      if (hover) drawHover(msg, nodes, output, weights);
      root.dataset.epoch = String(msg.epoch);
      root.dataset.version = String(msg.version);
    }

    // The network: columns of neurons (inputs, hidden layers, output), links under them.
    function drawNetwork(msg, nodes, output, weights) {
      const sizes = msg.sizes, columns = sizes.length, tallest = Math.max(...sizes);
      const pitchX = (NETWORK.right - NETWORK.left) / columns;
      const pitchY = Math.min(46, (NETWORK.bottom - NETWORK.top) / tallest);
      const tile = Math.max(5, Math.min(34, pitchY * 0.8, pitchX * 0.5));
      const centre = (c, i) => [NETWORK.left + pitchX * (c + 0.5),
        (NETWORK.top + NETWORK.bottom) / 2 + (i - (sizes[c] - 1) / 2) * pitchY];
      layout = { sizes, tile, big: Math.max(tile, 30), centres: sizes.map((k, c) => Array.from({ length: k }, (_, i) => centre(c, i))) };
      const where = JSON.stringify(layout.centres.map((column) => column.map(([x, y]) => [Math.round(x), Math.round(y)])));
      if (canvas.dataset.nodes !== where) canvas.dataset.nodes = where; // for tests: where each node is drawn
      // Links: bucketed by sign and width, one path each (thousands of lines stay fast).
      let largest = 1e-12, at = 0;
      for (let c = 0; c < columns - 1; c++) {
        const count = sizes[c] * sizes[c + 1];
        for (let k = 0; k < count; k++) if (Number.isFinite(weights[at + k])) largest = Math.max(largest, Math.abs(weights[at + k]));
        at += count + sizes[c + 1];
      }
      const LEVELS = 8, buckets = Array.from({ length: 2 * LEVELS }, () => new Path2D());
      at = 0;
      for (let c = 0; c < columns - 1; c++) {
        for (let i = 0; i < sizes[c]; i++) {
          const [x0, y0] = centre(c, i);
          for (let j = 0; j < sizes[c + 1]; j++) {
            const w = weights[at + i * sizes[c + 1] + j];
            if (!Number.isFinite(w)) continue; // a diverged network: no line to draw for a weight that blew up
            const level = Math.min(LEVELS - 1, Math.floor((Math.abs(w) / largest) * LEVELS));
            const [x1, y1] = centre(c + 1, j), path = buckets[(w >= 0 ? LEVELS : 0) + level];
            path.moveTo(x0 + tile / 2, y0); path.lineTo(x1 - (c + 1 === columns - 1 ? Math.max(tile, 30) : tile) / 2, y1);
          }
        }
        at += sizes[c] * sizes[c + 1] + sizes[c + 1];
      }
      ctx.globalAlpha = 0.65;
      buckets.forEach((path, b) => {
        ctx.strokeStyle = rgb(b >= LEVELS ? BLUE : ORANGE);
        ctx.lineWidth = 0.4 + 3.6 * (((b % LEVELS) + 0.5) / LEVELS);
        ctx.stroke(path);
      });
      ctx.globalAlpha = 1;
      // Every input's and hidden neuron's picture, in the order of the nodes buffer.
      const n = msg.neuron_grid, atlas = pictures.neurons;
      const tileAt = (c, i, bytes, label, colours = STRONG, size = tile) => {
        const [x, y] = centre(c, i);
        ctx.imageSmoothingEnabled = true;
        ctx.drawImage(image(bytes, Math.round(Math.sqrt(bytes.length)), colours, atlas), x - size / 2, y - size / 2, size, size);
        ctx.strokeStyle = "#555"; ctx.lineWidth = 0.8; ctx.strokeRect(x - size / 2, y - size / 2, size, size);
        if (label) { ctx.fillStyle = "#222"; ctx.font = FONT; ctx.textAlign = "right"; ctx.textBaseline = "middle"; ctx.fillText(label, x - size / 2 - 3, y); }
      };
      let offset = 0;
      for (let c = 0; c < columns - 1; c++) {
        for (let i = 0; i < sizes[c]; i++, offset += n * n) {
          tileAt(c, i, nodes.subarray(offset, offset + n * n), c === 0 ? msg.input_names[i] : "");
        }
      }
      // The output: one picture per output (per class, with several classes), never tiny.
      const outputs = sizes[columns - 1], g = msg.output_grid, big = Math.max(tile, 30);
      for (let k = 0; k < outputs; k++) {
        const bytes = output.subarray(k * g * g, (k + 1) * g * g);
        const colours = msg.kind === "softmax" ? classPalette(k, outputs) : STRONG;
        tileAt(columns - 1, k, bytes, "", colours, big);
      }
      ctx.fillStyle = "#222"; ctx.font = FONT; ctx.textAlign = "center"; ctx.textBaseline = "alphabetic";
      for (let c = 0; c < columns; c++) {
        const name = c === 0 ? "input" : c === columns - 1 ? "output" : columns > 8 ? `${c}` : `layer ${c}`;
        ctx.fillText(name, NETWORK.left + pitchX * (c + 0.5), NETWORK.top - 12);
      }
    }

    // The prediction over the plane, pale, with the data on top. Several classes: each spot takes the colour of
    // the most probable class, paler where the network is less sure; "discretise" shows the decision alone.
    function surfaceImage(msg, output) {
      const g = msg.output_grid, classes = msg.sizes[msg.sizes.length - 1];
      if (msg.kind !== "softmax") {
        if (!(msg.discretize && msg.classifier)) return image(output, g, PALE, pictures.output);
        return image(output.map((b) => (b >= 128 ? 255 : 1)), g, PALE, pictures.output);
      }
      const canvas = pictures.output;
      if (canvas.width !== g || canvas.height !== g) canvas.width = canvas.height = g;
      const c2 = canvas.getContext("2d"), data = c2.createImageData(g, g);
      const winners = Array.from({ length: classes }, (_, k) => winnerPalette(k, classes, msg.discretize));
      for (let row = 0; row < g; row++) {
        for (let col = 0; col < g; col++) {
          let best = 0, top = -1;
          for (let k = 0; k < classes; k++) {
            const b = output[k * g * g + row * g + col];
            if (b > top) { top = b; best = k; }
          }
          const at = 4 * ((g - 1 - row) * g + col);
          data.data.set(winners[best].subarray(4 * top, 4 * top + 4), at);
        }
      }
      c2.putImageData(data, 0, 0);
      return canvas;
    }

    function drawSurface(msg, output) {
      const { x, y, size } = SURFACE, [x1lo, x1hi, x2lo, x2hi] = msg.bounds;
      const classes = msg.sizes[msg.sizes.length - 1];
      ctx.imageSmoothingEnabled = !msg.discretize;
      ctx.drawImage(surfaceImage(msg, output), x, y, size, size);
      ctx.strokeStyle = "#999"; ctx.lineWidth = 1; ctx.strokeRect(x, y, size, size);
      ctx.fillStyle = "#222"; ctx.font = FONT; ctx.textAlign = "left"; ctx.textBaseline = "bottom";
      const title = { sigmoid: "probability of class 1 (blue)", softmax: `most probable of ${classes} classes` }[msg.kind];
      ctx.fillText((title || "prediction") + (msg.discretize && msg.classifier ? ", decided" : ""), x, y - 5);
      const px = (v) => x + ((v - x1lo) / (x1hi - x1lo)) * size, py = (v) => y + size - ((v - x2lo) / (x2hi - x2lo)) * size;
      const p = shown.points, nTrain = shown.n_train, nTest = msg.show_test ? shown.n_test : 0;
      const yTrain = 2 * nTrain, xTest = 3 * nTrain, yTest = xTest + 2 * shown.n_test;
      const colour = (label) => {
        if (msg.kind === "softmax") return rgb(classColour(Math.round(label), classes));
        if (msg.classifier) return rgb(label >= 0.5 ? BLUE : ORANGE);
        const t = Math.max(-1, Math.min(1, (label - msg.output_centre) / msg.output_scale)), b = Math.round(128 + 127 * t);
        return rgb(STRONG.subarray(4 * b, 4 * b + 3));
      };
      const radius = Math.max(2.5, Math.min(5, 5 * Math.sqrt(60 / Math.max(nTrain, 1))));
      ctx.globalAlpha = 0.55;
      for (let k = 0; k < nTest; k++) {
        ctx.fillStyle = colour(p[yTest + k]);
        ctx.beginPath(); ctx.arc(px(p[xTest + 2 * k]), py(p[xTest + 2 * k + 1]), radius / 2, 0, 2 * Math.PI); ctx.fill();
      }
      ctx.globalAlpha = 1; ctx.strokeStyle = "#111"; ctx.lineWidth = 0.8;
      for (let k = 0; k < nTrain; k++) {
        ctx.fillStyle = colour(p[yTrain + k]);
        ctx.beginPath(); ctx.arc(px(p[2 * k]), py(p[2 * k + 1]), radius, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
      }
    }

    // A divergence explained where the learner is looking: over the prediction, in plain words.
    function drawMessage(text) {
      const { x, y, size } = SURFACE, pad = 10, width = size - 2 * pad;
      ctx.font = "12px sans-serif";
      const lines = [];
      for (const word of text.split(/\s+/)) {
        const line = lines.length ? `${lines[lines.length - 1]} ${word}` : word;
        if (lines.length && ctx.measureText(line).width <= width - 2 * pad) lines[lines.length - 1] = line;
        else lines.push(word);
      }
      const height = 16 * lines.length + 2 * pad;
      ctx.fillStyle = "rgba(255, 255, 255, 0.93)"; ctx.fillRect(x + pad, y + pad, width, height);
      ctx.strokeStyle = "firebrick"; ctx.lineWidth = 1.5; ctx.strokeRect(x + pad, y + pad, width, height);
      ctx.fillStyle = "#7a1010"; ctx.textAlign = "left"; ctx.textBaseline = "top";
      lines.forEach((line, k) => ctx.fillText(line, x + 2 * pad, y + 2 * pad + 16 * k));
      root.dataset.message = text;
    }

    // -- The mouse: hover a neuron to see it large with what comes into it; click a link to type its weight;
    // click the prediction to add a point (your own data).
    const half = (c) => (c === layout.sizes.length - 1 ? layout.big : layout.tile) / 2;
    function at(event) {
      const box = canvas.getBoundingClientRect();
      return [(event.clientX - box.left) * WIDTH / box.width, (event.clientY - box.top) * HEIGHT / box.height];
    }
    function nodeAt(x, y) {
      if (!layout) return null;
      for (let c = 0; c < layout.centres.length; c++) {
        for (let i = 0; i < layout.centres[c].length; i++) {
          const [cx, cy] = layout.centres[c][i];
          if (Math.abs(x - cx) <= half(c) && Math.abs(y - cy) <= half(c)) return { c, i };
        }
      }
      return null;
    }
    function linkAt(x, y) {  // the nearest link within 4 pixels: {layer, i, j}
      if (!layout) return null;
      let best = null, bestDistance = 4;
      for (let c = 0; c < layout.centres.length - 1; c++) {
        for (let i = 0; i < layout.centres[c].length; i++) {
          const [x0, y0] = layout.centres[c][i], ax = x0 + half(c);
          for (let j = 0; j < layout.centres[c + 1].length; j++) {
            const [x1, y1] = layout.centres[c + 1][j], bx = x1 - half(c + 1);
            const t = Math.max(0, Math.min(1, ((x - ax) * (bx - ax) + (y - y0) * (y1 - y0)) / ((bx - ax) ** 2 + (y1 - y0) ** 2 || 1)));
            const d = Math.hypot(x - (ax + t * (bx - ax)), y - (y0 + t * (y1 - y0)));
            if (d < bestDistance) { bestDistance = d; best = { layer: c, i, j }; }
          }
        }
      }
      return best;
    }
    const inSurface = (x, y) => x >= SURFACE.x && x <= SURFACE.x + SURFACE.size && y >= SURFACE.y && y <= SURFACE.y + SURFACE.size;
    function weightOf(msg, weights, layer, i, j) {
      let offset = 0;
      for (let c = 0; c < layer; c++) offset += msg.sizes[c] * msg.sizes[c + 1] + msg.sizes[c + 1];
      return j === null ? weights[offset + msg.sizes[layer] * msg.sizes[layer + 1] + i] : weights[offset + i * msg.sizes[layer + 1] + j];
    }

    // The node under the mouse, large, with its bias and incoming weights.
    function drawHover(msg, nodes, output, weights) {
      const { c, i } = hover, n = msg.neuron_grid, sizes = msg.sizes, last = sizes.length - 1;
      if (c > last || i >= sizes[c]) { hover = null; return; }
      let bytes, colours = STRONG;
      if (c === last) {
        const g = msg.output_grid;
        bytes = output.subarray(i * g * g, (i + 1) * g * g);
        if (msg.kind === "softmax") colours = classPalette(i, sizes[last]);
      } else {
        let offset = 0;
        for (let k = 0; k < c; k++) offset += sizes[k] * n * n;
        bytes = nodes.subarray(offset + i * n * n, offset + (i + 1) * n * n);
      }
      const lines = [c === 0 ? `input ${msg.input_names[i]}` : c === last ? `output ${i + 1}` : `layer ${c}, neuron ${i + 1}`];
      if (c > 0) {
        lines.push(`bias ${niceNumber(weightOf(msg, weights, c - 1, i, null))}`);
        const incoming = Array.from({ length: sizes[c - 1] }, (_, k) => niceNumber(weightOf(msg, weights, c - 1, k, i)));
        lines.push(`weights in: ${incoming.slice(0, 6).join(", ")}${incoming.length > 6 ? ", …" : ""}`);
      } else {
        lines.push(`scale ±${niceNumber(msg.node_scales[i])}`);
      }
      const size = 150, [cx, cy] = layout.centres[c][i];
      const x = Math.min(NETWORK.right + 20 - size, Math.max(NETWORK.left, cx + half(c) + 8));
      const y = Math.min(HEIGHT - size - 16 * lines.length - 12, Math.max(4, cy - size / 2));
      ctx.fillStyle = "rgba(255, 255, 255, 0.96)"; ctx.fillRect(x - 6, y - 6, size + 12, size + 16 * lines.length + 16);
      ctx.strokeStyle = "#333"; ctx.lineWidth = 1; ctx.strokeRect(x - 6, y - 6, size + 12, size + 16 * lines.length + 16);
      ctx.imageSmoothingEnabled = true;
      ctx.drawImage(image(bytes, Math.round(Math.sqrt(bytes.length)), colours, pictures.neurons), x, y, size, size);
      ctx.fillStyle = "#222"; ctx.font = FONT; ctx.textAlign = "left"; ctx.textBaseline = "top";
      lines.forEach((line, k) => ctx.fillText(line, x, y + size + 6 + 16 * k, size + 6));
      root.dataset.hover = lines.join(" | ");
    }

    function onMove(event) {
      const [x, y] = at(event), node = nodeAt(x, y);
      const changed = (node && (!hover || node.c !== hover.c || node.i !== hover.i)) || (!node && hover);
      hover = node;
      if (!node) delete root.dataset.hover;
      canvas.style.cursor = node ? "zoom-in" : inSurface(x, y) ? "crosshair" : linkAt(x, y) ? "pointer" : "default";
      if (changed && current) draw(current);
    }
    function onLeave() {
      if (hover) { hover = null; delete root.dataset.hover; if (current) draw(current); }
    }
    function onClick(event) {
      const [x, y] = at(event);
      if (!current) return;
      const msg = current.msg;
      if (inSurface(x, y)) {
        const [x1lo, x1hi, x2lo, x2hi] = msg.bounds;
        model.send({ type: "point", x1: x1lo + ((x - SURFACE.x) / SURFACE.size) * (x1hi - x1lo),
                     x2: x2hi - ((y - SURFACE.y) / SURFACE.size) * (x2hi - x2lo) });
        return;
      }
      const link = nodeAt(x, y) ? null : linkAt(x, y);
      if (link) editWeight(link, event, weightOf(msg, current.weights, link.layer, link.i, link.j));
    }
    // A small box on the link: type a number, Enter sets it (training goes on from it), Escape leaves it.
    function editWeight(link, event, value) {
      root.querySelector(".pg-weight-editor")?.remove();
      const box = document.createElement("input");
      box.className = "pg-weight-editor"; box.type = "text"; box.value = niceNumber(value);
      box.title = `weight from node ${link.i + 1} of column ${link.layer + 1} to node ${link.j + 1} of the next`;
      const frame = root.getBoundingClientRect();
      box.style.left = `${event.clientX - frame.left + 6}px`; box.style.top = `${event.clientY - frame.top - 12}px`;
      box.addEventListener("keydown", (e) => {
        e.stopPropagation(); // keys typed here are not notebook shortcuts
        if (e.key === "Escape") box.remove();
        if (e.key !== "Enter") return;
        const number = Number(box.value.trim());
        if (box.value.trim() === "" || !Number.isFinite(number)) { box.classList.add("pg-invalid"); return; }
        model.send({ type: "weight", layer: link.layer, i: link.i, j: link.j, value: number });
        box.remove();
      });
      box.addEventListener("blur", () => setTimeout(() => box.remove(), 100));
      root.appendChild(box);
      box.focus(); box.select();
    }
    canvas.addEventListener("mousemove", onMove);
    canvas.addEventListener("mouseleave", onLeave);
    canvas.addEventListener("click", onClick);

    const onPlaying = () => askForNext();
    model.on("msg:custom", onMessage);
    model.on("change:playing", onPlaying);
    model.send({ type: "hello" }); // a new view: ask for everything
    return () => {
      alive = false;
      model.off("msg:custom", onMessage);
      model.off("change:playing", onPlaying);
    };
  },
};
