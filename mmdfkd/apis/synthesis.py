"""Labelled synthetic datasets written by a trained generator."""
import json
import logging
import os
import os.path as osp
import re
from collections import Counter
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence, Tuple, Union

import torch
from mmengine.logging import print_log
from mmengine.utils import ProgressBar
from PIL import Image

from mmdfkd.datasets import LatentDataset
from mmdfkd.models.algorithms import BaseDataFreeDistiller
from mmdfkd.models.utils import (
    evaluating,
    normalisation_statistics,
    to_pixels,
    unwrap_model,
)

# The layout, relative to the dataset root: ImageNet-like, so that the
# class folders are the only sub-folders of IMAGE_DIR (folder mode).
IMAGE_DIR = 'train'
ANN_FILE = 'meta/train.txt'
CLASSES_FILE = 'classes.txt'
FIDELITY_FILE = 'fidelity.json'


@dataclass
class SyntheticDataset:
    """What :func:`write_synthetic_dataset` wrote.

    Attributes:
        out_dir (str): The dataset root.
        class_names (list[str]): Names of all the teacher's classes, in
            label order, as in ``classes.txt``.
        counts (dict[int, int]): Images per label: the requested classes
            of a conditional generator, every class for an unconditional
            one.
        fidelity (dict[int, float], optional): Conditional generators only:
            per requested class, the share of its images that the teacher
            classifies as that class.
    """
    out_dir: str
    class_names: List[str]
    counts: Dict[int, int]
    fidelity: Optional[Dict[int, float]] = None

    @property
    def mean_fidelity(self) -> Optional[float]:
        """The class fidelity averaged over the requested classes."""
        if self.fidelity is None:
            return None
        return sum(self.fidelity.values()) / len(self.fidelity)

    def table(self) -> str:
        """Images (and class fidelity) per class, as a text table."""
        width = max(len('name'),
                    *(len(self.class_names[c]) for c in self.counts))
        header = f'{"label":>5}  {"name":<{width}}  {"images":>7}'
        if self.fidelity is not None:
            header += '  fidelity'
        rows = [header]
        for label, count in self.counts.items():
            row = f'{label:>5}  {self.class_names[label]:<{width}}  ' \
                f'{count:>7}'
            if self.fidelity is not None:
                row += f'  {self.fidelity[label]:8.3f}'
            rows.append(row)
        if self.fidelity is not None:
            # Classes have equal counts: the mean is also the overall share.
            rows.append(f'{"all":>5}  {"":<{width}}  '
                        f'{sum(self.counts.values()):>7}  '
                        f'{self.mean_fidelity:8.3f}')
        return '\n'.join(rows)


def index_names(num_classes: int) -> List[str]:
    """Zero-padded class indices, which sort in label order."""
    width = len(str(num_classes - 1))
    return [f'{label:0{width}d}' for label in range(num_classes)]


def class_folders(class_names: Sequence[str]) -> List[str]:
    """One folder name per class: portable and unique.

    Characters that are not portable in file names, and blanks, become
    ``_``; a name that is repeated (ImageNet has two "crane" classes) gets
    its label as a suffix.

    Args:
        class_names (Sequence[str]): The class names, in label order.
    """
    folders = [
        re.sub(r'[\s\\/:*?"<>|]+', '_', name).strip('._') or str(label)
        for label, name in enumerate(class_names)
    ]
    repeats = Counter(folders)
    return [
        folder if repeats[folder] == 1 else f'{folder}_{label}'
        for label, folder in enumerate(folders)
    ]


def select_classes(classes: Sequence[Union[int, str]],
                   class_names: Sequence[str]) -> List[int]:
    """Labels of the requested classes, given by index or by name.

    Args:
        classes (Sequence[int | str]): Class indices, or class names of
            ``class_names``; repeats are dropped.
        class_names (Sequence[str]): All class names, in label order.

    Returns:
        list[int]: The labels, in the requested order.

    Raises:
        ValueError: For an unknown name, an index out of range or no class.
    """
    num_classes = len(class_names)
    labels = []
    for token in classes:
        try:
            label = int(token)
        except ValueError:
            if token not in class_names:
                raise ValueError(
                    f'Unknown class {token!r}: give class indices in '
                    f'[0, {num_classes}) or names of the validation '
                    f'dataset ({", ".join(class_names[:5])}, ...).')
            label = list(class_names).index(token)
        if not 0 <= label < num_classes:
            raise ValueError(
                f'Class index {label} is out of range: the generator draws '
                f'{num_classes} classes, 0 to {num_classes - 1}.')
        if label not in labels:
            labels.append(label)
    if not labels:
        raise ValueError('No class requested: give at least one class.')
    return labels


def _check_request(conditional: bool, num_per_class: Optional[int],
                   classes: Optional[Sequence], num: Optional[int]) -> None:
    """Fail before any work when the request does not fit the generator."""
    if conditional:
        if num is not None:
            raise ValueError(
                'The generator is conditional: it draws images of chosen '
                'classes, so give the number of images per class '
                '(num_per_class, --num-per-class) instead of a total '
                '(num, --num).')
        if num_per_class is None or num_per_class < 1:
            raise ValueError(
                f'Give a positive number of images per class '
                f'(num_per_class, --num-per-class), got {num_per_class}.')
    else:
        if num_per_class is not None or classes is not None:
            raise ValueError(
                'The generator is unconditional: it cannot be asked for '
                'classes, the teacher labels what it draws. Give the total '
                'number of images (num, --num) instead of num_per_class '
                '(--num-per-class) or classes (--classes).')
        if num is None or num < 1:
            raise ValueError(
                f'Give a positive number of images (num, --num), got '
                f'{num}.')


def _teacher_classes(model: BaseDataFreeDistiller,
                     device: torch.device) -> int:
    """The number of classes the teacher predicts, on one generated image.
    """
    generator = unwrap_model(model.generator)
    z = torch.zeros(1, generator.latent_dim, device=device)
    logits = model.logits(
        model.teacher, model.generate(z, generator.cycled_labels(1, device)))
    if logits.dim() != 2:
        raise ValueError(
            f'The teacher predicts outputs of shape {tuple(logits.shape)}, '
            f'not class logits (N, C): labelled synthetic datasets need an '
            f'image classifier.')
    return logits.shape[1]


def _draw(model: BaseDataFreeDistiller, z: torch.Tensor,
          preset: Optional[torch.Tensor], mean: torch.Tensor,
          std: torch.Tensor) -> Tuple[torch.Tensor, torch.Tensor]:
    """Images as they will be written and the teacher's labels for them.

    Args:
        model (BaseDataFreeDistiller): The algorithm, in eval mode.
        z (Tensor): Latent codes ``(B, latent_dim)`` on the model's device.
        preset (Tensor, optional): Preset labels ``(B, )`` of a conditional
            generator.
        mean (Tensor): Per-channel mean ``(1, C, 1, 1)`` on the device.
        std (Tensor): Per-channel std, likewise.

    Returns:
        tuple[Tensor, Tensor]: uint8 images ``(B, C, H, W)`` and the
        teacher's predicted labels ``(B, )``, both on the CPU.
    """
    if preset is not None:
        preset = preset.to(z.device)
    pixels = to_pixels(model.generate(z, preset), mean, std).round()
    # The teacher sees the quantised images, exactly what is saved.
    logits = model.logits(model.teacher, (pixels - mean) / std)
    return pixels.byte().cpu(), logits.argmax(1).cpu()


def conditional_codes(classes: Sequence[int], num_per_class: int,
                      num_classes: int) -> Tuple[torch.Tensor, List[int]]:
    """The preset labels and latent code indices of ``num_per_class``
    images of each of ``classes``.

    The classes are interleaved, so that every batch mixes them; image
    ``k`` of class ``c`` comes from code ``k * num_classes + c``, so more
    images per class, or other classes, keep the codes drawn before.

    Args:
        classes (Sequence[int]): The class indices to draw.
        num_per_class (int): Images per class.
        num_classes (int): The teacher's number of classes.

    Returns:
        tuple[Tensor, list[int]]: The preset labels ``(N, )`` and the code
        index of each image.
    """
    presets = torch.tensor(list(classes)).repeat(num_per_class)
    rounds = torch.arange(num_per_class).repeat_interleave(len(classes))
    return presets, (rounds * num_classes + presets).tolist()


def _prepare_out_dir(out_dir: str) -> None:
    """Create ``out_dir``; refuse one holding files of an earlier run."""
    if osp.isdir(out_dir) and os.listdir(out_dir):
        raise FileExistsError(
            f'{out_dir} is not empty: choose a new directory or empty it, '
            f'so that no image of an earlier run joins the dataset.')
    os.makedirs(osp.join(out_dir, osp.dirname(ANN_FILE)), exist_ok=True)


def _save_image(image: torch.Tensor, path: str) -> None:
    """Save a ``(C, H, W)`` uint8 image (C = 1 or 3, RGB) as a PNG."""
    array = image.permute(1, 2, 0).numpy()
    Image.fromarray(array[..., 0] if array.shape[2] == 1 else array).save(
        path)


@torch.no_grad()
def write_synthetic_dataset(
        model: BaseDataFreeDistiller,
        out_dir: str,
        class_names: Optional[Sequence[str]] = None,
        num_per_class: Optional[int] = None,
        classes: Optional[Sequence[Union[int, str]]] = None,
        num: Optional[int] = None,
        batch_size: int = 64,
        seed: int = 0) -> SyntheticDataset:
    """Generate images and write them as a labelled image dataset.

    A conditional generator (CGDD) draws ``num_per_class`` images of each
    requested class, labelled by the class asked for; the teacher's
    agreement with that label is the *class fidelity*, reported per class
    and written to ``fidelity.json``. An unconditional generator (DDAD,
    DFAD) draws ``num`` images, labelled by the teacher's prediction.

    The layout is that of mmpretrain's ``CustomDataset``, with the labels
    of the teacher in ``meta/train.txt``::

        out_dir/train/<class folder>/<code index>.png
        out_dir/meta/train.txt    # "<relative path> <label>" per image
        out_dir/classes.txt       # all class names, in label order

    so ``CustomDataset(data_root=out_dir, ann_file='meta/train.txt',
    classes=out_dir + '/classes.txt')`` reads it back (folder mode,
    ``data_prefix='train'`` without ``ann_file``, numbers the folders in
    sorted order instead). Images are de-normalised with the model's
    preprocessor statistics and written as 8-bit PNGs; the networks'
    input channels are taken to be RGB, as in mmpretrain's configs. The
    teacher labels and scores the images as written, i.e. quantised.

    Generation is reproducible, and stable as a request grows: the
    generator runs in eval mode (running BatchNorm statistics, so an image
    does not depend on the others of its batch), and an image comes from a
    fixed code of ``LatentDataset(seed=seed)``, whose index names its
    file: code ``i`` for image ``i`` of an unconditional generator, code
    ``k * num_classes + c`` for image ``k`` of class ``c``. So more images
    per class, or other classes, keep the images drawn before.

    Args:
        model (BaseDataFreeDistiller): The trained algorithm, see
            :func:`~mmdfkd.apis.init_distiller`.
        out_dir (str): The dataset root; must be new or empty.
        class_names (Sequence[str], optional): All class names in label
            order, e.g. from :func:`~mmdfkd.apis.dataset_class_names`.
            Defaults to zero-padded indices.
        num_per_class (int, optional): Images per class; conditional
            generators only.
        classes (Sequence[int | str], optional): The classes to draw, by
            index or name; conditional generators only. Defaults to all.
        num (int, optional): Number of images; unconditional generators
            only.
        batch_size (int): Images per forward pass. Defaults to 64.
        seed (int): Seed of the latent codes. Defaults to 0.

    Returns:
        SyntheticDataset: Counts and class fidelity of what was written.
    """
    generator = unwrap_model(model.generator)
    _check_request(generator.conditional, num_per_class, classes, num)
    if generator.out_channels not in (1, 3):
        raise ValueError(
            f'The generator draws {generator.out_channels}-channel images; '
            f'only grey (1) and RGB (3) images can be written.')
    if batch_size < 1:
        raise ValueError(f'batch_size must be positive, got {batch_size}.')
    device = next(generator.parameters()).device
    mean, std = normalisation_statistics(model.data_preprocessor)
    mean, std = mean.to(device), std.to(device)
    with evaluating(model):
        num_classes = _teacher_classes(model, device)
        if class_names is not None and len(class_names) != num_classes:
            print_log(
                f'{len(class_names)} class names for a teacher of '
                f'{num_classes} classes: the classes are named by index.',
                logger='current',
                level=logging.WARNING)
            class_names = None
        class_names = list(class_names or index_names(num_classes))
        if generator.conditional:
            selected = select_classes(
                range(num_classes) if classes is None else classes,
                class_names)
            presets, codes = conditional_codes(selected, num_per_class,
                                               num_classes)
        else:
            codes = list(range(num))
        _prepare_out_dir(out_dir)
        folders = class_folders(class_names)
        latents = LatentDataset(
            generator.latent_dim, length=max(codes) + 1, seed=seed)
        # A fixed width keeps a code's file name as requests grow.
        width = max(6, len(str(max(codes))))
        lines, predictions = [], []
        progress = ProgressBar(len(codes))
        for start in range(0, len(codes), batch_size):
            batch = codes[start:start + batch_size]
            z = torch.stack([latents[code]['inputs'][0] for code in batch])
            preset = presets[start:start + batch_size] \
                if generator.conditional else None
            images, predicted = _draw(model, z.to(device), preset, mean, std)
            predictions += predicted.tolist()
            labels = predicted if preset is None else preset
            for code, image, label in zip(batch, images, labels.tolist()):
                relpath = f'{IMAGE_DIR}/{folders[label]}/{code:0{width}d}.png'
                os.makedirs(osp.join(out_dir, osp.dirname(relpath)),
                            exist_ok=True)
                _save_image(image, osp.join(out_dir, relpath))
                lines.append(f'{relpath} {label}\n')
            progress.update(len(batch))
        progress.file.write('\n')

    with open(osp.join(out_dir, ANN_FILE), 'w') as f:
        f.writelines(lines)
    with open(osp.join(out_dir, CLASSES_FILE), 'w') as f:
        f.writelines(f'{name}\n' for name in class_names)
    if not generator.conditional:
        counts = Counter(predictions)
        return SyntheticDataset(out_dir, class_names,
                                {c: counts[c] for c in range(num_classes)})
    hits = Counter(p for p, y in zip(predictions, presets.tolist()) if p == y)
    result = SyntheticDataset(
        out_dir, class_names, {c: num_per_class for c in selected},
        {c: hits[c] / num_per_class for c in selected})
    _write_fidelity(result)
    return result


def _write_fidelity(result: SyntheticDataset) -> None:
    """Per-class and mean class fidelity to ``fidelity.json``."""
    report = dict(
        mean=result.mean_fidelity,
        classes=[
            dict(label=label, name=result.class_names[label],
                 images=result.counts[label], fidelity=fidelity)
            for label, fidelity in result.fidelity.items()
        ])
    with open(osp.join(result.out_dir, FIDELITY_FILE), 'w') as f:
        json.dump(report, f, indent=2)
