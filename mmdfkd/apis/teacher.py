"""Train a distillation's teacher if it is missing, and test it."""
import os.path as osp
from typing import Dict

from mmengine.config import Config
from mmengine.logging import print_log

from .runner import build_runner


def ensure_teacher(distill_cfg: Config) -> Dict[str, float]:
    """Train a distillation's teacher unless its checkpoint exists; test it.

    The teacher is trained with its own config, whose path is the
    distillation's ``model.teacher``, in the folder of ``model.teacher_ckpt``
    (where that config must save its last checkpoint). It is tested on the
    distillation's validation split with its evaluator, the data and metric
    the student is validated with, so that the two scores compare.

    Args:
        distill_cfg (Config): The distillation config.

    Returns:
        dict[str, float]: The teacher's metrics.

    Raises:
        TypeError: If ``model.teacher`` is a model dict, not a config path.
        RuntimeError: If training the teacher did not write the checkpoint.
    """
    teacher, ckpt = distill_cfg.model.teacher, distill_cfg.model.teacher_ckpt
    if not isinstance(teacher, str):
        raise TypeError(
            'Training and testing the teacher needs its config: give '
            'model.teacher as the path of the config it was trained with, '
            'not a model dict.')
    cfg = Config.fromfile(teacher)
    cfg.work_dir = osp.dirname(ckpt)
    if not osp.isfile(ckpt):
        print_log(f'No teacher checkpoint at {ckpt}: training the teacher '
                  f'on the train split.', logger='current')
        build_runner(cfg).train()
        if not osp.isfile(ckpt):
            raise RuntimeError(
                f'Teacher training did not write {ckpt}; check that '
                f'{teacher} saves its last checkpoint there.')
    cfg.load_from = ckpt
    cfg.test_dataloader = distill_cfg.val_dataloader
    cfg.test_evaluator = distill_cfg.val_evaluator
    return build_runner(cfg).test()
