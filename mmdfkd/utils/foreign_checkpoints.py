"""Recognise the CIFAR teachers of other data-free distillation code bases.

The public teachers of Fast-Datafree/CMI, DFAD, DAFL and ZSKT are plain
PyTorch state dicts whose keys no mmpretrain classifier has, so a strict
teacher load refuses them. :func:`converter_hint` tells such a checkpoint
from its keys and names the converter that makes it an mmpretrain one.
"""
import re
from typing import Any, Mapping, Optional

__all__ = ['CONVERTER', 'converter_hint', 'foreign_layout']

# The converter of every layout below.
CONVERTER = 'tools/model_converters/fastdatafree_to_mmpretrain.py'

# Layout: the keys that identify it (all present) and who distributes it.
_LAYOUTS = {
    'resnet': (('conv1.weight', 'layer1.0.conv1.weight', 'linear.weight'),
               'Fast-Datafree/CMI, DFAD or DAFL CIFAR ResNet'),
    'wrn': (('conv1.weight', 'block1.layer.0.conv1.weight', 'fc.weight'),
            'Fast-Datafree/CMI or ZSKT Wide ResNet'),
    'vgg': (('block0.0.weight', 'classifier.weight'),
            'Fast-Datafree/CMI VGG-BN'),
}


def _weights(checkpoint: Mapping[str, Any]) -> Mapping[str, Any]:
    """The state dict of a checkpoint, without DataParallel's prefix."""
    state = checkpoint.get('state_dict', checkpoint)
    return {re.sub(r'^module\.', '', key): value
            for key, value in state.items()}


def foreign_layout(state_dict: Mapping[str, Any]) -> Optional[str]:
    """The source layout of a checkpoint, recognised by its keys.

    Args:
        state_dict (Mapping[str, Any]): A state dict, or a checkpoint
            holding one under ``'state_dict'``; a leading ``module.`` of
            the keys is ignored.

    Returns:
        str, optional: ``'resnet'`` (Fast-Datafree/CMI ``resnet18/34``,
        DFAD ``ResNet*_8x``, DAFL), ``'wrn'`` (Fast-Datafree/CMI and ZSKT
        WRNs), ``'vgg'`` (Fast-Datafree/CMI ``vgg11``), or None for any
        other checkpoint, mmpretrain's included.
    """
    keys = _weights(state_dict).keys()
    for layout, (required, _) in _LAYOUTS.items():
        if all(key in keys for key in required):
            return layout
    return None


def _count(state: Mapping[str, Any], pattern: str) -> int:
    """Number of 4-D tensors (convolutions) whose key matches ``pattern``."""
    return sum(1 for key, value in state.items()
               if re.fullmatch(pattern, key)
               and getattr(value, 'ndim', 0) == 4)


def _architecture(layout: str, state: Mapping[str, Any]) -> str:
    """The network's name, e.g. ``'WRN-40-2, 10 classes'``."""
    if layout == 'resnet':
        # Two convolutions per basic block, plus the stem and the classifier.
        depth = 2 * _count(state, r'layer\d\.\d+\.conv1\.weight') + 2
        name, head = f'ResNet-{depth}', 'linear.weight'
    elif layout == 'wrn':
        blocks = _count(state, r'block1\.layer\.\d+\.conv1\.weight')
        width = state['block1.layer.0.conv1.weight'].shape[0] // 16
        name, head = f'WRN-{6 * blocks + 4}-{width}', 'fc.weight'
    else:
        # VGG-n counts the three FC layers of the ImageNet network.
        depth = _count(state, r'block\d\.\d+\.weight') + 3
        name, head = f'VGG-{depth}', 'classifier.weight'
    return f'{name}, {state[head].shape[0]} classes'


def converter_hint(state_dict: Mapping[str, Any],
                   src: str = '<checkpoint>') -> Optional[str]:
    """How to convert a foreign CIFAR teacher checkpoint, in one line.

    Args:
        state_dict (Mapping[str, Any]): A state dict, or a checkpoint
            holding one under ``'state_dict'``.
        src (str): The checkpoint's path, for the command. Defaults to a
            placeholder.

    Returns:
        str, optional: The converter command for a checkpoint in a layout
        of :func:`foreign_layout`, else None.
    """
    layout = foreign_layout(state_dict)
    if layout is None:
        return None
    state = _weights(state_dict)
    return (f'{src} is a {_LAYOUTS[layout][1]} checkpoint '
            f'({_architecture(layout, state)}), not an mmpretrain one: '
            f'convert it with `python {CONVERTER} {src} <converted.pth>` '
            f'and load <converted.pth> with the matching teacher config '
            f'(configs/teachers/README.md).')
