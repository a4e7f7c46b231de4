# Ablation grid of `tools/benchmark.py --tune --ablation --grids`: DDAD on
# the digit mosaic with a batch-diversity term in the generator's
# objective (`mmdfkd.BatchDiversityLoss`, minus the std across the batch
# of each pixel). The generator draws the same digits at the same spots on
# every canvas (configs/ddad/README.md); the term pays it to vary them.
# Point 0 is the shipped config (its seed-0 cell is ddad-mosaic's point
# 0), points 1 and 2 add the term at weight 0.1 and 1.
import os.path as osp
import runpy

shipped = runpy.run_path(
    osp.join(osp.dirname(__file__),
             'ddad-mosaic_grid.py'))['grids']['ddad'][0]
# A new term: set as part of the objective, which merges it in.
terms = 'model.generator_losses'
grids = {
    'ddad': [shipped] + [{
        **shipped, terms: dict(
            loss_div=dict(type='mmdfkd.BatchDiversityLoss', weight=weight))
    } for weight in (0.1, 1.0)],
}
