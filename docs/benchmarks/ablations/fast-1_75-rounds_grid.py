# Screen of `tools/benchmark.py --tune --ablation --grids` with
# --max-iters 75 (the schedules stretched to match): Fast-1 on digits in
# 75 rounds of 20 student steps (the task's 1500 updates, half the
# generator steps) or of 10 (750 updates, half the run).
grids = {'fast-1': [{'model.schedule.student_steps': 20},
                    {'model.schedule.student_steps': 10}]}
