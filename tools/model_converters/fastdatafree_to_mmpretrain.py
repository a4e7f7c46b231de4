"""Convert the public CIFAR teachers of data-free distillation code bases.

Fast-Datafree and CMI distribute ResNet-34/18, WRN-40-2/16-2/40-1/16-1 and
VGG-11 CIFAR teachers (weights under ``'state_dict'``); DFAD's
``ResNet34_8x`` / ``ResNet18_8x`` (a raw state dict), DAFL's ResNets and
ZSKT's WRNs (``last.pth.tar``, under ``'state_dict'``) share their key
layouts. Each becomes an mmpretrain ``ImageClassifier`` (global average
pooling, ``LinearClsHead``) checkpoint:

- ResNet -> ``ResNet_CIFAR``: ``linear.`` -> ``head.fc.``, the rest under
  ``backbone.`` with ``shortcut`` -> ``downsample``;
- WRN -> ``mmdfkd.WideResNetCIFAR``: ``fc.`` -> ``head.fc.``, the rest
  under ``backbone.`` with ``convShortcut`` -> ``shortcut``;
- VGG -> ``mmdfkd.VGGCIFAR``: ``classifier.`` -> ``head.fc.``, the rest
  under ``backbone.``.

The layout is recognised from the keys (``--arch`` forces one). Usage::

    python tools/model_converters/fastdatafree_to_mmpretrain.py \\
        checkpoints/pretrained/cifar10_wrn40_2.pth \\
        checkpoints/wrn40-2_fastdatafree_cifar10.pth

The output loads with ``strict=True`` into the matching config of
``configs/teachers/`` (listed in its README), as ``model.teacher_ckpt`` of
a distillation or ``load_from``. DAFL saves the whole pickled module, which
is not loaded here: save its ``state_dict()`` first.
"""
import argparse
import re
from typing import Dict, Optional

import torch

from mmdfkd.utils.foreign_checkpoints import foreign_layout
from mmdfkd.utils.safe_loading import load_state_dict_file

# Per layout: the source classifier's prefix, and the part of the other
# keys that the target module names differently (None: same names).
_MAPPINGS = {
    'resnet': ('linear.', ('.shortcut.', '.downsample.')),
    'wrn': ('fc.', ('.convShortcut.', '.shortcut.')),
    'vgg': ('classifier.', None),
}


def convert(state_dict: Dict[str, torch.Tensor],
            arch: Optional[str] = None) -> Dict[str, torch.Tensor]:
    """Rename the keys of a source state dict to the mmpretrain layout.

    Args:
        state_dict (dict[str, Tensor]): The source network's state dict; a
            leading ``module.`` (DataParallel) is dropped.
        arch (str, optional): ``'resnet'``, ``'wrn'`` or ``'vgg'``.
            Defaults to the layout recognised from the keys.

    Returns:
        dict[str, Tensor]: The state dict of the mmpretrain classifier.

    Raises:
        ValueError: If ``arch`` is not given and the keys match no layout.
    """
    state = {re.sub(r'^module\.', '', key): value
             for key, value in state_dict.items()}
    arch = arch or foreign_layout(state)
    if arch is None:
        raise ValueError(
            f'Not a Fast-Datafree/CMI, DFAD or ZSKT CIFAR ResNet, WRN or '
            f'VGG state dict (first keys: {", ".join(list(state)[:4])}).')
    head, rename = _MAPPINGS[arch]
    converted = {}
    for key, value in state.items():
        if key.startswith(head):
            key = f'head.fc.{key[len(head):]}'
        else:
            if rename is not None:
                key = key.replace(*rename)
            key = f'backbone.{key}'
        converted[key] = value
    return converted


def main() -> None:
    """Read the source checkpoint, convert it and save it."""
    parser = argparse.ArgumentParser(
        description='Convert a Fast-Datafree/CMI, DFAD or ZSKT CIFAR '
        'teacher checkpoint for mmpretrain.')
    parser.add_argument('src', help='source checkpoint (.pth, .pt, .tar)')
    parser.add_argument('dst', help='output checkpoint (.pth)')
    parser.add_argument(
        '--arch',
        choices=sorted(_MAPPINGS),
        help='source layout (default: recognised from the keys)')
    args = parser.parse_args()
    converted = convert(load_state_dict_file(args.src), args.arch)
    torch.save({'state_dict': converted}, args.dst)
    print(f'Saved {len(converted)} tensors to {args.dst}')


if __name__ == '__main__':
    main()
