"""NYUv2 13-class semantic segmentation, 795 train / 654 test images."""
from typing import List, Optional

from mmengine import fileio
from mmseg.datasets import BaseSegDataset
from mmseg.registry import DATASETS as MMSEG_DATASETS

from mmdfkd.registry import DATASETS

SPLITS = ('train', 'test')
IMAGE_DIR = 'image'
LABEL_DIR = 'seg13'

LAYOUT = (f'<data_root>/{IMAGE_DIR}/{{train,test}}/<name>.png (RGB) with '
          f'<data_root>/{LABEL_DIR}/{{train,test}}/<name>.png (labels 0 '
          f'unknown, 1-13 the classes), as written by '
          f'tools/dataset_converters/nyuv2_13class.py')


@MMSEG_DATASETS.register_module()
@DATASETS.register_module()
class NYUv2Dataset(BaseSegDataset):
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

    def __init__(self,
                 data_root: str,
                 split: str = 'train',
                 reduce_zero_label: bool = True,
                 metainfo: Optional[dict] = None,
                 **kwargs) -> None:
        if split not in SPLITS:
            raise ValueError(
                f'NYUv2 split must be one of {SPLITS}, got {split!r}.')
        self.split = split
        super().__init__(
            data_root=data_root,
            data_prefix=dict(
                img_path=f'{IMAGE_DIR}/{split}',
                seg_map_path=f'{LABEL_DIR}/{split}'),
            img_suffix='.png',
            seg_map_suffix='.png',
            reduce_zero_label=reduce_zero_label,
            metainfo=metainfo,
            **kwargs)

    def load_data_list(self) -> List[dict]:
        """List the image and label pairs of the split.

        Returns:
            list[dict]: One data info per image, sorted by path.

        Raises:
            FileNotFoundError: If a folder of the split is missing, or holds
                no image.
        """
        for folder in self.data_prefix.values():
            if not fileio.isdir(folder, backend_args=self.backend_args):
                raise FileNotFoundError(
                    f'NYUv2 {self.split} folder not found: {folder}. '
                    f'Expected layout: {LAYOUT}.')
        data_list = super().load_data_list()
        if not data_list:
            raise FileNotFoundError(
                f'No {self.img_suffix} image in {self.data_prefix["img_path"]}'
                f'. Expected layout: {LAYOUT}.')
        return data_list
