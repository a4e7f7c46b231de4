"""Segmentation datasets stored as one image and one label folder per
split."""
from typing import Dict, List, Tuple

from mmengine import fileio
from mmseg.datasets import BaseSegDataset


class SplitFolderSegDataset(BaseSegDataset):
    """Base of the PNG segmentation datasets with a folder pair per split.

    Subclasses name the dataset, its splits, its layout (for the error
    messages) and the folders of a split; the base checks the split and
    the folders, with errors that show the expected layout.

    Args:
        data_root (str): The dataset's folder.
        split (str): One of :attr:`SPLITS`.
        **kwargs: Other arguments of
            :class:`mmseg.datasets.BaseSegDataset`.
    """

    #: Name of the dataset in error messages.
    NAME: str = ''
    #: Valid splits.
    SPLITS: Tuple[str, ...] = ()
    #: The expected folder layout, shown in error messages.
    LAYOUT: str = ''

    def __init__(self, data_root: str, split: str, **kwargs) -> None:
        if split not in self.SPLITS:
            raise ValueError(
                f'{self.NAME} split must be one of {self.SPLITS}, got '
                f'{split!r}.')
        self.split = split
        super().__init__(
            data_root=data_root,
            data_prefix=self.split_folders(split),
            img_suffix='.png',
            seg_map_suffix='.png',
            **kwargs)

    @classmethod
    def split_folders(cls, split: str) -> Dict[str, str]:
        """The image and label folders of ``split``, relative to the root.

        Args:
            split (str): One of :attr:`SPLITS`.

        Returns:
            dict: ``img_path`` and ``seg_map_path``.
        """
        raise NotImplementedError

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
                    f'{self.NAME} {self.split} folder not found: {folder}. '
                    f'Expected layout: {self.LAYOUT}.')
        data_list = super().load_data_list()
        if not data_list:
            raise FileNotFoundError(
                f'No {self.img_suffix} image in {self.data_prefix["img_path"]}'
                f'. Expected layout: {self.LAYOUT}.')
        return data_list
