# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: Fast on
# the digit mosaic, dev split, seed 0, 2 threads. Its student sees 14,400
# distinct canvases (32 a round, each kept 50 rounds) where DDAD's sees
# 144,000: do more canvases help at the same 4500 student updates? The
# shipped point (450 rounds of 10 student steps), and 900 rounds of 5
# (twice the canvases, each still kept 50 rounds, twice the synthesis);
# the rounds are set with the student schedule they stretch.
grids = {
    'fast': [
        {'model.schedule.student_steps': 10},
        {'model.schedule.student_steps': 5,
         'train_cfg.max_iters': 900,
         'param_scheduler.student.0.end': 900,
         'param_scheduler.student.0.T_max': 900},
    ],
}
