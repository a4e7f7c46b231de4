"""CamVid, 11 classes, in the folder layout of the SegNet release."""
from typing import Dict, Optional, Sequence

from mmseg.registry import DATASETS as MMSEG_DATASETS

from mmdfkd.registry import DATASETS

from .split_folder_seg import SplitFolderSegDataset

# Label of the unlabelled pixels in the annotation PNGs.
VOID = 11
# mmseg's ignore index: losses and IoUMetric skip these pixels.
IGNORE = 255


@MMSEG_DATASETS.register_module()
@DATASETS.register_module()
class CamVidDataset(SplitFolderSegDataset):
    """CamVid road scenes: 11 classes at 360x480, SegNet's release.

    Layout (the ``CamVid`` folder of the SegNet tutorial; the ``.txt``
    lists beside the folders are not read)::

        data_root
        ├── train        367 RGB PNGs, e.g. 0001TP_006690.png
        ├── trainannot   one single-channel PNG per image, same name
        ├── val          101 images
        ├── valannot
        ├── test         233 images
        └── testannot

    Annotation pixels hold the class index 0-10 in ``METAINFO['classes']``
    order, or 11 for void. Void is loaded as 255, mmseg's ignore index, by
    the ``label_map`` that ``LoadAnnotations`` applies; with a subset of
    the classes in ``metainfo`` the other classes become 255 as well.

    Args:
        data_root (str): The CamVid folder.
        split (str): ``'train'``, ``'val'`` or ``'test'``. Defaults to
            ``'train'``.
        metainfo (dict, optional): Overrides of the meta information, such
            as a subset of ``classes``. Defaults to None.
        **kwargs: Other arguments of
            :class:`mmseg.datasets.BaseSegDataset`, such as ``pipeline``,
            ``test_mode`` or ``lazy_init``.
    """

    METAINFO = dict(
        classes=('Sky', 'Building', 'Pole', 'Road', 'Pavement', 'Tree',
                 'SignSymbol', 'Fence', 'Car', 'Pedestrian', 'Bicyclist'),
        palette=[[128, 128, 128], [128, 0, 0], [192, 192, 128],
                 [128, 64, 128], [60, 40, 222], [128, 128, 0],
                 [192, 128, 128], [64, 64, 128], [64, 0, 128], [64, 64, 0],
                 [0, 128, 192]])
    NAME = 'CamVid'
    SPLITS = ('train', 'val', 'test')
    LAYOUT = ('<data_root>/{train,val,test}/<name>.png (RGB) with '
              '<data_root>/{train,val,test}annot/<name>.png (labels 0-10, '
              '11 void), the CamVid folder of the SegNet release')

    def __init__(self,
                 data_root: str,
                 split: str = 'train',
                 metainfo: Optional[dict] = None,
                 **kwargs) -> None:
        super().__init__(data_root, split, metainfo=metainfo, **kwargs)

    @classmethod
    def split_folders(cls, split: str) -> Dict[str, str]:
        """``<split>`` images and ``<split>annot`` labels."""
        return dict(img_path=split, seg_map_path=f'{split}annot')

    @classmethod
    def get_label_map(cls,
                      new_classes: Optional[Sequence[str]] = None
                      ) -> Dict[int, int]:
        """Map the annotation labels to training labels.

        Args:
            new_classes (Sequence[str], optional): The classes kept, a
                subset of ``METAINFO['classes']``. Defaults to None (all).

        Returns:
            dict[int, int]: Old label to new label: void to 255 and, with a
            subset, every class to its index in ``new_classes`` or 255.
        """
        label_map = super().get_label_map(new_classes) or {}
        return {**label_map, VOID: IGNORE}
