"""NYUv2 13-class semantic segmentation, 795 train / 654 test images."""
from typing import Dict, Optional

from mmseg.registry import DATASETS as MMSEG_DATASETS

from mmdfkd.registry import DATASETS

from .split_folder_seg import SplitFolderSegDataset

IMAGE_DIR = 'image'
LABEL_DIR = 'seg13'


@MMSEG_DATASETS.register_module()
@DATASETS.register_module()
class NYUv2Dataset(SplitFolderSegDataset):
    """NYUv2 indoor scenes with the 13-class labels of nyuv2-meta-data.

    Layout (an image and its labels share a name; the converter below
    names them by the frame's 1-based index in the official
    ``nyu_depth_v2_labeled.mat``, on five digits)::

        data_root
        ├── image
        │   ├── train    795 RGB PNGs, 480x640, e.g. 00003.png
        │   └── test     654 images
        └── seg13
            ├── train    one single-channel PNG per image, same name
            └── test

    The official release holds the images only inside
    ``nyu_depth_v2_labeled.mat``, and the 13-class labels come from the
    ankurhanda/nyuv2-meta-data repository (``train_labels_13`` and
    ``test_labels_13``, ``new_nyu_class13_<index>.png``). Write the layout
    from those files and ``splits.mat`` with::

        python tools/dataset_converters/nyuv2_13class.py \\
            nyu_depth_v2_labeled.mat splits.mat nyuv2-meta-data data/nyuv2

    Label pixels hold 0 for unknown and 1-13 for the classes in
    ``METAINFO['classes']`` order, as in the meta-data (where ``picture`` is
    also called painting). ``reduce_zero_label`` (on by default) loads 0 as
    255, mmseg's ignore index, and class ``k`` as ``k - 1``. Labels already
    shifted to 0-12 with 255 for unknown need ``reduce_zero_label=False``.

    Args:
        data_root (str): The NYUv2 folder.
        split (str): ``'train'`` or ``'test'``. Defaults to ``'train'``.
        reduce_zero_label (bool): Whether label 0 is unknown and the classes
            start at 1. Defaults to True.
        metainfo (dict, optional): Overrides of the meta information, such
            as a subset of ``classes``. Defaults to None.
        **kwargs: Other arguments of
            :class:`mmseg.datasets.BaseSegDataset`, such as ``pipeline``,
            ``test_mode`` or ``lazy_init``.
    """

    # Order and colours of the meta-data's class index 1..13.
    METAINFO = dict(
        classes=('bed', 'books', 'ceiling', 'chair', 'floor', 'furniture',
                 'objects', 'picture', 'sofa', 'table', 'tv', 'wall',
                 'window'),
        palette=[[0, 0, 255], [233, 89, 48], [0, 218, 0], [149, 0, 240],
                 [222, 241, 24], [255, 206, 206], [0, 224, 229],
                 [106, 136, 204], [117, 29, 41], [240, 35, 235],
                 [0, 167, 156], [249, 139, 0], [225, 229, 194]])
    NAME = 'NYUv2'
    SPLITS = ('train', 'test')
    LAYOUT = (f'<data_root>/{IMAGE_DIR}/{{train,test}}/<name>.png (RGB) '
              f'with <data_root>/{LABEL_DIR}/{{train,test}}/<name>.png '
              f'(labels 0 unknown, 1-13 the classes), as written by '
              f'tools/dataset_converters/nyuv2_13class.py')

    def __init__(self,
                 data_root: str,
                 split: str = 'train',
                 reduce_zero_label: bool = True,
                 metainfo: Optional[dict] = None,
                 **kwargs) -> None:
        super().__init__(
            data_root,
            split,
            reduce_zero_label=reduce_zero_label,
            metainfo=metainfo,
            **kwargs)

    @classmethod
    def split_folders(cls, split: str) -> Dict[str, str]:
        """``image/<split>`` images and ``seg13/<split>`` labels."""
        return dict(
            img_path=f'{IMAGE_DIR}/{split}',
            seg_map_path=f'{LABEL_DIR}/{split}')
