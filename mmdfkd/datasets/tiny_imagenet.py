"""Tiny-ImageNet (200 classes, 64x64) in the layout of the official archive."""
from typing import Dict, List, Optional

from mmengine import fileio
from mmpretrain.datasets import BaseDataset
from mmpretrain.datasets.custom import get_samples

from mmdfkd.registry import DATASETS

LAYOUT = ('<data_root>/wnids.txt, words.txt, '
          'train/<wnid>/images/<wnid>_<n>.JPEG, val/images/val_<n>.JPEG and '
          'val/val_annotations.txt (the official tiny-imagenet-200 archive '
          'extracted, data_root being its tiny-imagenet-200 folder)')


def _require(path: str, what: str) -> str:
    """Return ``path``, or raise naming the expected layout if absent."""
    if not fileio.exists(path):
        raise FileNotFoundError(
            f'Tiny-ImageNet {what} not found: {path}. Expected layout: '
            f'{LAYOUT}.')
    return path


@DATASETS.register_module()
class TinyImageNet(BaseDataset):
    """Tiny-ImageNet: 200 ImageNet classes at 64x64, read from disk.

    Layout (the official ``tiny-imagenet-200`` archive)::

        data_root (tiny-imagenet-200)
        ├── wnids.txt                the 200 wnids, one per line
        ├── words.txt                "<wnid>\\t<names>" for WordNet synsets
        ├── train
        │   └── n01443537
        │       ├── n01443537_boxes.txt
        │       └── images
        │           ├── n01443537_0.JPEG
        │           └── ...
        └── val
            ├── val_annotations.txt  "val_0.JPEG\\t<wnid>\\tx0\\ty0\\tx1\\ty1"
            └── images
                ├── val_0.JPEG
                └── ...

    Labels follow the *sorted* wnids (the order of a folder-per-class
    loader on ``train``, hence of most published Tiny-ImageNet models); the
    class names are the wnids' entries of ``words.txt``. The unlabelled
    ``test`` folder is not read: ``val`` is the held-out split.

    Args:
        data_root (str): The ``tiny-imagenet-200`` folder.
        split (str): ``'train'`` or ``'val'``. Defaults to ``'train'``.
        metainfo (dict, optional): Overrides of the meta information.
            Defaults to None.
        **kwargs: Other arguments of
            :class:`mmpretrain.datasets.BaseDataset`, such as ``pipeline``,
            ``test_mode`` or ``lazy_init``.
    """

    SPLITS = ('train', 'val')
    IMG_EXTENSIONS = ('.jpeg', '.jpg', '.png')

    def __init__(self,
                 data_root: str,
                 split: str = 'train',
                 metainfo: Optional[dict] = None,
                 **kwargs) -> None:
        if split not in self.SPLITS:
            raise ValueError(
                f'TinyImageNet split must be one of {self.SPLITS}, '
                f'got {split!r}.')
        self.split = split
        # The classes are needed for the meta information, which exists
        # even when the data list is loaded lazily.
        self.wnids = sorted(
            fileio.list_from_file(
                _require(fileio.join_path(data_root, 'wnids.txt'),
                         'class list')))
        names = self._class_names(data_root)
        super().__init__(
            ann_file='val/val_annotations.txt' if split == 'val' else '',
            data_root=data_root,
            data_prefix=split,
            metainfo={
                'classes': tuple(names[w] for w in self.wnids),
                **(metainfo or {})
            },
            **kwargs)

    def _class_names(self, data_root: str) -> Dict[str, str]:
        """``words.txt`` entries of the dataset's wnids."""
        wanted = set(self.wnids)
        names = {}
        for line in fileio.list_from_file(
                _require(fileio.join_path(data_root, 'words.txt'),
                         'class names')):
            wnid, _, name = line.partition('\t')
            if wnid in wanted:
                names[wnid] = name.strip()
        missing = wanted - names.keys()
        if missing:
            raise ValueError(
                f'words.txt has no name for the wnids '
                f'{", ".join(sorted(missing)[:5])} of wnids.txt.')
        return names

    def load_data_list(self) -> List[dict]:
        """Image paths and labels of the split.

        Returns:
            list[dict]: ``img_path`` and ``gt_label`` of each image.
        """
        wnid_to_idx = {wnid: i for i, wnid in enumerate(self.wnids)}
        if self.split == 'train':
            for wnid in self.wnids:
                _require(fileio.join_path(self.img_prefix, wnid, 'images'),
                         f'train folder of class {wnid}')
            samples, _ = get_samples(
                self.img_prefix,
                wnid_to_idx,
                is_valid_file=lambda f: f.lower().endswith(
                    self.IMG_EXTENSIONS))
        else:
            samples = []
            for line in fileio.list_from_file(
                    _require(self.ann_file, 'val annotations')):
                filename, wnid = line.split('\t')[:2]
                if wnid not in wnid_to_idx:
                    raise ValueError(
                        f'{self.ann_file} labels {filename} with {wnid}, '
                        f'which is not in wnids.txt.')
                samples.append((fileio.join_path('images', filename),
                                wnid_to_idx[wnid]))
        return [
            dict(
                img_path=fileio.join_path(self.img_prefix, path),
                gt_label=label) for path, label in samples
        ]

    def extra_repr(self) -> List[str]:
        """The extra repr information of the dataset."""
        return [
            f'Root of dataset: \t{self.data_root}',
            f'Split: \t{self.split}',
        ]
