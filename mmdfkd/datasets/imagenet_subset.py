"""ImageNet-1k restricted to a list of classes, e.g. ImageNet-10 or -100."""
from typing import List, Optional, Sequence, Tuple, Union

from mmengine import fileio
from mmpretrain.datasets import ImageNet
from mmpretrain.datasets.categories import IMAGENET_CATEGORIES
from mmpretrain.datasets.custom import get_samples

from mmdfkd.registry import DATASETS


def imagenet1k_wnids() -> List[str]:
    """The 1000 wnids of ImageNet-1k, in the standard label order.

    The order is that of the sorted wnids, the one of
    ``mmpretrain.datasets.categories.IMAGENET_CATEGORIES`` and of the
    labels in mmpretrain's ``meta/{train,val}.txt``; the list itself ships
    with timm.

    Returns:
        list[str]: Wnid of each ImageNet-1k label.
    """
    # Imported here: timm.data is slow to import and only needed here.
    from timm.data import ImageNetInfo
    return list(ImageNetInfo('imagenet1k').label_names())


def read_class_list(class_list: Union[str, Sequence[str]]) -> List[str]:
    """Wnids of a class-list file (one per line, ``#`` starts a comment).

    Args:
        class_list (str | Sequence[str]): The file, or the wnids
            themselves.

    Returns:
        list[str]: The wnids, in order.
    """
    if not isinstance(class_list, str):
        return list(class_list)
    lines = (line.split('#', 1)[0].strip()
             for line in fileio.list_from_file(class_list))
    return [line for line in lines if line]


@DATASETS.register_module()
class ImageNetSubset(ImageNet):
    """ImageNet-1k restricted to the classes of a class list.

    Reads mmpretrain's standard ImageNet layouts under ``data_root``::

        data_root
        ├── train
        │   ├── n01440764
        │   │   ├── n01440764_10026.JPEG
        │   │   └── ...
        │   └── ...
        ├── val                      either folder-per-class like train,
        │   ├── ILSVRC2012_val_00000001.JPEG   or flat, with
        │   └── ...
        └── meta
            └── val.txt              "ILSVRC2012_val_00000001.JPEG 65"

    A split uses ``meta/<split>.txt`` (paths relative to ``<split>/``,
    labels in the 1k order: sorted wnids) when it exists, and otherwise the
    ``<split>/<wnid>/`` folders of the listed classes only, so the other
    classes' images are never listed. Labels are re-indexed ``0..K-1`` in
    the order of the class list and the class names are mmpretrain's
    ImageNet names of the listed wnids. For all 1000 classes use
    mmpretrain's ``ImageNet``.

    Args:
        class_list (str | Sequence[str]): A file with one wnid per line
            (blank lines and ``#`` comments ignored), or the wnids.
        data_root (str): The ImageNet root.
        split (str): ``'train'`` or ``'val'``. Defaults to ``'train'``.
        metainfo (dict, optional): Overrides of the meta information.
            Defaults to None.
        **kwargs: Other arguments of :class:`mmpretrain.datasets.ImageNet`,
            such as ``pipeline``, ``data_prefix`` or ``ann_file``.
    """

    SPLITS = ('train', 'val')

    def __init__(self,
                 class_list: Union[str, Sequence[str]],
                 data_root: str = '',
                 split: str = 'train',
                 metainfo: Optional[dict] = None,
                 **kwargs) -> None:
        if split not in self.SPLITS:
            raise ValueError(
                f'ImageNetSubset split must be one of {self.SPLITS}, got '
                f'{split!r} (the ImageNet test split has no labels).')
        self.split = split
        self.wnids = read_class_list(class_list)
        source = class_list if isinstance(class_list, str) else 'given'
        label_1k = {w: i for i, w in enumerate(imagenet1k_wnids())}
        unknown = [w for w in self.wnids if w not in label_1k]
        if unknown:
            raise ValueError(
                f'Class list {source} names wnids that are not ImageNet-1k '
                f'classes: {", ".join(unknown[:5])}.')
        if len(set(self.wnids)) != len(self.wnids):
            raise ValueError(f'Class list {source} repeats wnids.')
        # Label in ImageNet-1k -> label in the subset.
        self.label_map = {label_1k[w]: i for i, w in enumerate(self.wnids)}
        super().__init__(
            data_root=data_root,
            split=split,
            metainfo={
                'classes': tuple(IMAGENET_CATEGORIES[i]
                                 for i in self.label_map),
                **(metainfo or {})
            },
            **kwargs)

    def _find_samples(self) -> List[Tuple[str, int]]:
        """Images of the listed classes in ``<split>/<wnid>/`` folders.

        Returns:
            list[tuple[str, int]]: ``(wnid/image, subset label)`` pairs.
        """
        missing = [
            w for w in self.wnids
            if not fileio.isdir(fileio.join_path(self.img_prefix, w))
        ]
        if missing:
            raise FileNotFoundError(
                f'ImageNet class folders missing under {self.img_prefix}: '
                f'{", ".join(missing[:5])}. Expected either '
                f'<data_root>/{self.split}/<wnid>/*.JPEG for every listed '
                f'wnid, or flat <data_root>/{self.split}/*.JPEG with '
                f'<data_root>/meta/{self.split}.txt ("<image> <label in '
                f'the 1k order>" per line).')
        samples, _ = get_samples(
            self.img_prefix, {w: i for i, w in enumerate(self.wnids)},
            is_valid_file=self.is_valid_file)
        return samples

    def load_data_list(self) -> List[dict]:
        """Image paths and subset labels of the listed classes.

        Returns:
            list[dict]: ``img_path`` and ``gt_label`` of each image.
        """
        data_list = super().load_data_list()
        if not self.ann_file:
            # The folders were walked by label already.
            return data_list
        # An annotation file labels all 1000 classes in the 1k order.
        subset = []
        for info in data_list:
            label = self.label_map.get(info['gt_label'])
            if label is not None:
                subset.append({**info, 'gt_label': label})
        return subset

    def extra_repr(self) -> List[str]:
        """The extra repr information of the dataset."""
        return super().extra_repr() + [f'Split: \t{self.split}']
