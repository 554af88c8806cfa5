"""How many frames per second does the Playground draw? A frame is one epoch of training plus a full redraw.

Playground(depth=4, width=8, n=500): 250 training points, batches of 10, so 25 training steps a frame;
then the network with a heatmap per neuron, the prediction, the loss and the gradient sizes are redrawn
and encoded as a PNG. The Playground builds its figure once and afterwards only hands the artists new
numbers; for comparison, the same frame with a new figure built every time. Target: >= 15 frames/s. Times are the best of 3 rounds.
Run: .venv/bin/python benchmarks/bench_playground.py
"""
import time

from dlkit import plots, widgets

FRAMES, REPEATS = 30, 3


def best_of(fn, clock=time.process_time):
    """Seconds per call, the fastest of a few rounds of FRAMES calls (the least disturbed by other work)."""
    rounds = []
    for _ in range(REPEATS):
        start = clock()
        for _ in range(FRAMES):
            fn()
        rounds.append((clock() - start) / FRAMES)
    return min(rounds)


def main():
    pg = widgets.Playground(depth=4, width=8, n=500)
    pg.train(5)  # warm up: first draws fill matplotlib's caches

    # CPU time counts only this process's work; on a busy machine the wall clock also counts waiting
    # for a core, so it is shown too but the comparisons use CPU time.
    frame = best_of(pg.step)
    frame_wall = best_of(pg.step, clock=time.perf_counter)
    training = best_of(pg.trainer.run_epoch)
    drawing = best_of(pg.redraw)

    def new_figure_frame():
        pg.trainer.run_epoch()
        picture = widgets.TrainingPicture(pg.network, *pg.data)
        picture.update(pg.history)
        plots.png(picture.figure)

    rebuilt = best_of(new_figure_frame)
    print(f"Playground(depth=4, width=8, n=500), {pg.trainer.batch_size}-example batches, one epoch per frame")
    print(f"frames per second: {1 / frame:.1f} (target >= 15), {1000 * frame:.1f} ms of CPU a frame; "
          f"by the wall clock {1 / frame_wall:.1f} frames/s")
    print(f"  training: {1000 * training:.1f} ms a frame, drawing (update + PNG): {1000 * drawing:.1f} ms a frame")
    print(f"a new figure every frame instead: {1000 * rebuilt:.1f} ms a frame ({1 / rebuilt:.1f} frames/s), "
          f"{rebuilt / frame:.1f}x the time of updating the one figure")


if __name__ == "__main__":
    main()
