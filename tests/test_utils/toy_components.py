"""A toy model and data set for runner-level tests of the tools."""
import torch
from mmengine.evaluator import BaseMetric
from mmengine.model import BaseModel
from mmengine.registry import DATASETS, METRICS, MODELS
from torch import nn
from torch.utils.data import Dataset


@MODELS.register_module(force=True)
class ToyRegressor(BaseModel):
    """A linear regressor; its BatchNorm adds buffers to the state."""

    def __init__(self) -> None:
        super().__init__()
        self.linear = nn.Linear(2, 1)
        self.norm = nn.BatchNorm1d(1)

    def forward(self, inputs, targets=None, mode='tensor'):
        out = self.norm(self.linear(torch.stack(inputs))).squeeze(-1)
        if mode == 'loss':
            return dict(loss=((out - torch.stack(targets))**2).mean())
        if mode == 'predict':
            return list(zip(out.detach(), targets))
        return out


@DATASETS.register_module(force=True)
class ToyPoints(Dataset):
    """Random points ``x`` with the target ``x[0] - x[1]``."""

    # Stored in checkpoint meta as ``dataset_meta``.
    metainfo = dict(classes=('y', ))

    def __init__(self, size: int = 16) -> None:
        generator = torch.Generator().manual_seed(0)
        self.points = torch.randn(size, 2, generator=generator)

    def __len__(self) -> int:
        return len(self.points)

    def __getitem__(self, index: int) -> dict:
        x = self.points[index]
        return dict(inputs=x, targets=x[0] - x[1])


@METRICS.register_module(force=True)
class ToyMSE(BaseMetric):
    """Mean squared error of the predictions."""

    def process(self, data_batch, data_samples) -> None:
        self.results += [float((p - t)**2) for p, t in data_samples]

    def compute_metrics(self, results: list) -> dict:
        return dict(mse=sum(results) / len(results))


def toy_config(experiment_name: str, max_iters: int = 2) -> dict:
    """A runner config training :class:`ToyRegressor` for ``max_iters``.

    Args:
        experiment_name (str): Unique per runner of a process, since
            mmengine keys its logger and visualizer instances by it.
        max_iters (int): Training iterations; validation and a checkpoint
            every 2.
    """
    loader = dict(
        dataset=dict(type='ToyPoints'),
        sampler=dict(type='DefaultSampler', shuffle=False),
        batch_size=4,
        num_workers=0)
    return dict(
        custom_imports=dict(imports=['toy_components']),
        experiment_name=experiment_name,
        model=dict(type='ToyRegressor'),
        train_dataloader=dict(
            loader, sampler=dict(type='InfiniteSampler', shuffle=True)),
        train_cfg=dict(by_epoch=False, max_iters=max_iters, val_interval=2),
        val_dataloader=loader,
        val_cfg=dict(),
        val_evaluator=dict(type='ToyMSE'),
        test_dataloader=loader,
        test_cfg=dict(),
        test_evaluator=dict(type='ToyMSE'),
        optim_wrapper=dict(
            optimizer=dict(type='SGD', lr=0.01, momentum=0.9)),
        param_scheduler=dict(
            type='MultiStepLR', by_epoch=False, milestones=[1]),
        default_hooks=dict(
            checkpoint=dict(
                type='CheckpointHook', interval=2, by_epoch=False),
            logger=dict(type='LoggerHook', interval=1)),
        randomness=dict(seed=0))
