# Screen of `tools/benchmark.py --tune --ablation --grids` (with
# --eval-interval 5): Fast-1 on digits at its config, for its time to
# accuracy on the dev split (one point: the config itself).
grids = {'fast-1': [{'model.schedule.student_steps': 10}]}
