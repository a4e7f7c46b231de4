"""Tiny mmpretrain classifiers and a DDAD config for fast CPU tests."""
import copy

NUM_CLASSES = 10


def tiny_classifier(width: int = 4, num_classes: int = NUM_CLASSES) -> dict:
    """A two-stage ResNet_CIFAR classifier with BatchNorm."""
    return dict(
        _scope_='mmpretrain',
        type='ImageClassifier',
        backbone=dict(
            type='ResNet_CIFAR',
            depth=18,
            num_stages=2,
            strides=(1, 2),
            dilations=(1, 1),
            out_indices=(1, ),
            stem_channels=width,
            base_channels=width),
        neck=dict(type='GlobalAveragePooling'),
        head=dict(
            type='LinearClsHead',
            num_classes=num_classes,
            in_channels=width * 2,
            loss=dict(type='CrossEntropyLoss')))


def tiny_ddad(**overrides) -> dict:
    """A DDAD model config on tiny networks, 32x32 images."""
    cfg = dict(
        type='mmdfkd.DDAD',
        teacher=tiny_classifier(8),
        student=tiny_classifier(4),
        generator=dict(type='DFADGenerator', latent_dim=16, base_channels=8),
        n_student_steps=2,
        data_preprocessor=dict(
            type='mmpretrain.ClsDataPreprocessor',
            num_classes=NUM_CLASSES,
            mean=[127.5] * 3,
            std=[64.0] * 3))
    cfg.update(copy.deepcopy(overrides))
    return cfg
