"""The baselines' loss terms written out by hand in plain torch, to pin the
objectives the shipped configs declare against, and the configs'
declarations on tiny networks."""
import copy
import functools
import os.path as osp
from typing import Callable, Dict, List, Sequence, Tuple

import torch
import torch.nn.functional as F
from mmengine.config import Config
from tiny_models import TINY_FEATURE_PAIRS, tiny_ddad
from torch import nn

ROOT = osp.dirname(osp.dirname(osp.abspath(__file__)))
# What a data-free config declares about its method.
METHOD_KEYS = ('generator_losses', 'student_losses', 'schedule',
               'embedding_path')


@functools.lru_cache(maxsize=None)
def _model_cfg(config: str) -> dict:
    return Config.fromfile(osp.join(ROOT, 'configs', config)).model.to_dict()


def tiny_from_config(config: str, tiny: Callable = tiny_ddad) -> dict:
    """A shipped config's objectives and schedule on tiny networks.

    Args:
        config (str): Path under ``configs/``.
        tiny (Callable): Builds the tiny model config, e.g.
            ``tiny_seg_ddad``. Defaults to ``tiny_ddad``.
    """
    model = copy.deepcopy(_model_cfg(config))
    cfg = tiny(type='mmdfkd.DataFreeDistiller',
               **{key: model[key] for key in METHOD_KEYS if key in model})
    if model.get('feature_pairs'):
        cfg['feature_pairs'] = TINY_FEATURE_PAIRS
    return cfg


def run_tapped(net: nn.Module, images: torch.Tensor,
               paths: Sequence[str] = ()) -> Tuple[torch.Tensor, dict]:
    """``net``'s logits and the outputs of its modules at ``paths``."""
    outputs = {}
    modules = dict(net.named_modules())
    handles = [
        modules[path].register_forward_hook(
            lambda module, args, out, path=path: outputs.update({path: out}))
        for path in paths
    ]
    try:
        logits = net(images, mode='tensor')
    finally:
        for handle in handles:
            handle.remove()
    return logits, outputs


def bn_inputs(net: nn.Module,
              images: torch.Tensor) -> List[Tuple[torch.Tensor, nn.Module]]:
    """The input of every BatchNorm2d call of ``net`` on ``images``."""
    records = []
    handles = [
        m.register_forward_pre_hook(
            lambda module, args: records.append((args[0], module)))
        for m in net.modules() if isinstance(m, nn.BatchNorm2d)
    ]
    try:
        net(images, mode='tensor')
    finally:
        for handle in handles:
            handle.remove()
    return records


def kl_div(student: torch.Tensor, teacher: torch.Tensor,
           reduction: str = 'batchmean') -> torch.Tensor:
    """``KL(softmax(teacher) || softmax(student))`` by ``F.kl_div``;
    ``reduction='mean'`` is ZSKT's code (averaged over samples and
    classes)."""
    return F.kl_div(F.log_softmax(student, dim=1),
                    F.softmax(teacher, dim=1), reduction=reduction)


def one_hot(teacher: torch.Tensor) -> torch.Tensor:
    """DAFL's one-hot loss: CE of the teacher against its arg-max."""
    return F.cross_entropy(teacher, teacher.argmax(dim=1))


def information_entropy(teacher: torch.Tensor,
                        log: Callable = torch.log) -> torch.Tensor:
    """``sum_c p_c log p_c`` of the batch-mean teacher prediction."""
    p = F.softmax(teacher, dim=1).mean(dim=0)
    return (p * log(p)).sum()


def activation(feature: torch.Tensor) -> torch.Tensor:
    """DAFL's activation loss ``-mean |f_T|``."""
    return -feature.abs().mean()


def attention_difference(student: torch.Tensor,
                         teacher: torch.Tensor) -> torch.Tensor:
    """ZSKT's attention term of one pair of stage outputs."""

    def attention(x):
        return F.normalize(x.pow(2).mean(1).view(x.size(0), -1))

    return (attention(student) - attention(teacher)).pow(2).mean()


def bn_statistics(records: List[Tuple[torch.Tensor, nn.Module]]
                  ) -> torch.Tensor:
    """DeepInversion's ``sum_l ||mu_l - rm_l|| + ||var_l - rv_l||``."""
    total = 0
    for x, bn in records:
        mean = x.mean(dim=(0, 2, 3))
        var = x.var(dim=(0, 2, 3), unbiased=False)
        total = total + torch.norm(mean - bn.running_mean) + \
            torch.norm(var - bn.running_var)
    return total


def declared_terms(model: nn.Module, images: torch.Tensor,
                   side: str) -> Dict[str, torch.Tensor]:
    """The weighted terms of ``model``'s ``side`` objective on ``images``.

    Args:
        model (nn.Module): A built data-free distiller.
        images (Tensor): Images in the networks' input space.
        side (str): ``'generator'`` or ``'student'``.
    """
    objective = getattr(model, f'{side}_objective')
    views = model.compute_views(images, None, objective.views,
                                student_grad=side == 'student')
    return objective(views)
