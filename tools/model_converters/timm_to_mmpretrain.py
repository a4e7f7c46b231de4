"""Convert a timm classifier checkpoint for an mmpretrain TIMMBackbone model.

mmpretrain's ``TIMMBackbone`` drops timm's classifier, which an
``ImageClassifier`` replaces with global average pooling and a
``LinearClsHead``; the weights of a timm checkpoint therefore go to
``backbone.timm_model.*`` and those of its classifier layer to
``head.fc.*``. Usage::

    python tools/model_converters/timm_to_mmpretrain.py \\
        model.safetensors checkpoints/timm-resnet50_in1k.pth

The output loads with ``strict=True`` into, e.g.,
``configs/teachers/timm-resnet50_in1k.py`` (as ``model.teacher_ckpt`` of a
distillation, or ``load_from``).
"""
import argparse
from typing import Dict

import torch

from mmdfkd.utils.safe_loading import load_state_dict_file


def convert(state_dict: Dict[str, torch.Tensor],
            classifier: str = 'fc') -> Dict[str, torch.Tensor]:
    """Rename the keys of a timm state dict to the mmpretrain layout.

    Args:
        state_dict (dict[str, Tensor]): The timm model's state dict.
        classifier (str): Name of timm's classifier layer, as in the
            model's ``pretrained_cfg['classifier']``. Defaults to ``'fc'``
            (ResNets).

    Returns:
        dict[str, Tensor]: The state dict of the mmpretrain classifier.
    """
    head = f'{classifier}.'
    return {
        (f'head.fc.{key[len(head):]}'
         if key.startswith(head) else f'backbone.timm_model.{key}'): value
        for key, value in state_dict.items()
    }


def main() -> None:
    """Read the timm checkpoint, convert it and save it."""
    parser = argparse.ArgumentParser(
        description='Convert a timm checkpoint for TIMMBackbone models.')
    parser.add_argument('src', help='timm checkpoint (.pth, .bin or '
                        '.safetensors)')
    parser.add_argument('dst', help='output checkpoint (.pth)')
    parser.add_argument(
        '--classifier',
        default='fc',
        help="timm's classifier layer name (pretrained_cfg['classifier'])")
    args = parser.parse_args()
    converted = convert(load_state_dict_file(args.src), args.classifier)
    torch.save({'state_dict': converted}, args.dst)
    print(f'Saved {len(converted)} tensors to {args.dst}')


if __name__ == '__main__':
    main()
