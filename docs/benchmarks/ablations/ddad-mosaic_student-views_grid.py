# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: DDAD on
# the digit mosaic, its student trained on the generated canvases as they
# are (point 0, the shipped config; its cells are those of
# mosaic_generator-steps, -seed1 and -seed2) or on random views of them,
# which the teacher labels anew (`model.student_views`): shifts of up to 16
# pixels (point 1) or square crops of half the area or more, resized to
# the canvas (point 2). No flips: a mirrored digit is not a digit. The
# generator's canvases put their digits in nearly the same places from
# batch to batch; the real canvases place them anywhere.
schedule = dict(student_steps=5, generator_steps=4)
grids = {
    'ddad': [
        {'model.schedule': schedule},
        {'model.schedule': schedule,
         'model.student_views': dict(kind='global', padding=16, flip=False)},
        {'model.schedule': schedule,
         'model.student_views': dict(kind='local', min_scale=0.5,
                                     flip=False)},
    ],
}
