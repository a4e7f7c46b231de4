"""An objective declared in a config: weighted, registered loss terms."""
import copy
from typing import Any, Dict, Mapping, Optional, Set

import torch
from torch import nn

from mmdfkd.models.utils import build_component

# What a term may read, and how the algorithm computes it.
VIEWS = {
    'images': 'the generated images',
    'labels': 'the preset labels of a conditional generator',
    'teacher_logits': 'the teacher\'s logits (or logit maps)',
    'student_logits': 'the student\'s logits (or logit maps)',
    'teacher_bn': 'the inputs of the teacher\'s BatchNorm layers',
    'teacher_features': 'the teacher maps of feature_pairs',
    'student_features': 'the student maps of feature_pairs',
    'teacher_embedding': 'the teacher\'s pooled feature (embedding_path)',
    'projections': 'CMI\'s projected local and global views',
}
# Views that only the methods declaring them in ``provided_views`` compute.
METHOD_VIEWS = {'projections'}


def merge_terms(defaults: Mapping[str, dict],
                overrides: Optional[Mapping[str, dict]],
                where: str) -> Dict[str, dict]:
    """A method's default terms with a config's changes, in order.

    A name of the defaults takes the config's keys over its own (e.g. only
    ``weight``); a new name must declare its ``type``.

    Args:
        defaults (Mapping[str, dict]): The method's terms.
        overrides (Mapping[str, dict], optional): The config's.
        where (str): The config key, for messages.

    Returns:
        dict[str, dict]: Name to term config; defaults first.

    Raises:
        ValueError: For a new term without a ``type``: usually a setting
        meant for a term the method does not have.
    """
    terms = copy.deepcopy(dict(defaults))
    for name, cfg in (overrides or {}).items():
        if not isinstance(cfg, Mapping):
            raise ValueError(
                f'{where}.{name} must be a dict such as dict(weight=1.0), '
                f'got {cfg!r}.')
        if name in terms:
            terms[name] = dict(terms[name], **cfg)
        elif 'type' not in cfg:
            raise ValueError(
                f'{where}.{name} sets {sorted(cfg)} for a term the method '
                f'does not have; its terms are {sorted(terms) or "none"}. '
                f'Fix the name, or declare a new term with its type, e.g. '
                f'{name}=dict(type=\'mmdfkd.OneHotLoss\', weight=1.0).')
        else:
            terms[name] = dict(cfg)
    return terms


class Objective(nn.Module):
    """A sum of weighted loss terms, each reading named views of a batch.

    Every term is a registered loss with a ``weight`` and the ``inputs`` it
    reads (by default the loss class's ``inputs``), views among
    :data:`VIEWS`. A loss with ``per_pair = True`` compares one map per
    feature pair and is summed over the pairs. Terms of weight 0 are not
    built, so a method can switch a term off in its config.

    Args:
        terms (Mapping[str, dict]): Name (the logged key, e.g.
            ``'loss_bn'``) to ``dict(type=..., weight=..., [inputs=...],
            **loss args)``.
        where (str): The config key, for messages.
    """

    def __init__(self, terms: Mapping[str, dict], where: str) -> None:
        super().__init__()
        self.terms = nn.ModuleDict()
        self.weights: Dict[str, float] = {}
        self.term_inputs: Dict[str, tuple] = {}
        for name, cfg in terms.items():
            cfg = dict(cfg)
            weight = cfg.pop('weight', 1.0)
            inputs = cfg.pop('inputs', None)
            if not weight:
                continue
            loss = build_component(cfg, f'{where}.{name}')
            inputs = tuple(inputs or getattr(loss, 'inputs', ()))
            unknown = [i for i in inputs if i not in VIEWS]
            if not inputs or unknown:
                raise ValueError(
                    f'{where}.{name}: {type(loss).__name__} needs inputs '
                    f'among {sorted(VIEWS)}, got {inputs}: set '
                    f'{where}.{name}.inputs=(...).')
            self.terms[name] = loss
            self.weights[name] = weight
            self.term_inputs[name] = inputs

    @property
    def views(self) -> Set[str]:
        """The views the terms read."""
        return {view for inputs in self.term_inputs.values()
                for view in inputs}

    def term(self, name: str) -> nn.Module:
        """The loss module of a term."""
        return self.terms[name]

    def forward(self, views: Mapping[str, Any]) -> Dict[str, torch.Tensor]:
        """The weighted terms on the computed views.

        Args:
            views (Mapping[str, Any]): At least :attr:`views`.

        Returns:
            dict[str, Tensor]: Name to weighted scalar, in declared order.
        """
        losses = {}
        for name, loss in self.terms.items():
            args = [views[view] for view in self.term_inputs[name]]
            if getattr(loss, 'per_pair', False):
                value = sum(loss(*pair) for pair in zip(*args))
            else:
                value = loss(*args)
            losses[name] = self.weights[name] * value
        return losses
