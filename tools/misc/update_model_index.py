"""Write the benchmark's results into the model index.

Every metafile model whose config the benchmark runs (``CONFIGS`` of
``tools/benchmark.py``) gets as its ``Results`` the mean final student
metric over the seeds of ``docs/benchmarks/results.csv``, rounded to 2
decimals, and the number of those seeds as ``Metadata.Seeds``; a config
with no row yet gets no result. The other models (paper protocols, never
run here) are left untouched. ``--check`` writes nothing and fails if a
metafile is out of date.

    python tools/misc/update_model_index.py [--results CSV] [--check]
"""
import argparse
import ast
import copy
import csv
import os.path as osp
import statistics
import sys
from typing import Dict, Iterable, List, Mapping, Optional, Sequence, Tuple

import yaml

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
RESULTS = 'docs/benchmarks/results.csv'
BENCHMARK = 'tools/benchmark.py'
INDEX = 'model-index.yml'

# How the index names each benchmark task: (Task, Dataset, metric).
TASKS = {
    'digits': ('Image Classification', 'Digits', 'Top 1 Accuracy'),
    'mosaic': ('Semantic Segmentation', 'Digit Mosaic', 'mIoU'),
}

# (task, method) of a benchmark cell.
Cell = Tuple[str, str]
# A config's index entries: its Results and its number of seeds (0: none).
Entry = Tuple[List[dict], int]


def benchmark_configs(
        path: str = osp.join(ROOT, BENCHMARK)) -> Dict[Cell, str]:
    """The benchmark's ``CONFIGS``: ``(task, method) -> config path``.

    Read from the source rather than imported, which would load torch and
    the whole stack only to read a literal.

    Args:
        path (str): The benchmark tool.

    Returns:
        dict[tuple[str, str], str]: The config of each task and method.

    Raises:
        ValueError: If the file assigns no literal ``CONFIGS``.
    """
    with open(path, encoding='utf-8') as f:
        tree = ast.parse(f.read(), path)
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == 'CONFIGS'
                for target in node.targets):
            return ast.literal_eval(node.value)
    raise ValueError(f'{path} assigns no literal CONFIGS')


def read_rows(path: str) -> List[Dict[str, str]]:
    """The rows of a benchmark ``results.csv``.

    Args:
        path (str): The CSV file.

    Returns:
        list[dict[str, str]]: One dict per row, keyed by column.
    """
    with open(path, newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))


def compute_results(rows: Iterable[Mapping[str, str]],
                    configs: Mapping[Cell, str]) -> Dict[str, Entry]:
    """The index entries of every benchmark config, from the result rows.

    Args:
        rows (Iterable[Mapping[str, str]]): Rows of ``results.csv``, with
            at least ``task``, ``method``, ``seed`` and ``student_metric``.
        configs (Mapping[tuple[str, str], str]): ``(task, method) ->
            config path``, the benchmark's ``CONFIGS``.

    Returns:
        dict[str, tuple[list[dict], int]]: Config path -> (Results, number
        of seeds). Results holds one entry, the mean final student metric
        over the seeds rounded to 2 decimals; a config without rows gets
        ``([], 0)``.

    Raises:
        ValueError: If a row names a cell the benchmark has no config for,
            or the same cell and seed twice.
    """
    finals: Dict[Cell, Dict[str, float]] = {cell: {} for cell in configs}
    for row in rows:
        cell = (row['task'], row['method'])
        if cell not in finals:
            raise ValueError(f'No benchmark config for {cell}')
        if row['seed'] in finals[cell]:
            raise ValueError(f'Seed {row["seed"]} of {cell} appears twice')
        finals[cell][row['seed']] = float(row['student_metric'])
    entries = {}
    for cell, by_seed in finals.items():
        if not by_seed:
            entries[configs[cell]] = ([], 0)
            continue
        task, dataset, metric = TASKS[cell[0]]
        mean = round(statistics.fmean(by_seed.values()), 2)
        entries[configs[cell]] = ([
            dict(Task=task, Dataset=dataset, Metrics={metric: mean})
        ], len(by_seed))
    return entries


def update_metafile(metafile: dict, entries: Mapping[str, Entry]) -> dict:
    """A metafile whose models of the given configs have those entries.

    Args:
        metafile (dict): A parsed metafile (``Collections``, ``Models``).
        entries (Mapping[str, tuple[list[dict], int]]): Config path ->
            (Results, number of seeds), from :func:`compute_results`.

    Returns:
        dict: A copy of ``metafile`` with the ``Results`` and
        ``Metadata.Seeds`` of those models replaced (``Seeds`` removed
        where there is no result); other models unchanged.
    """
    metafile = copy.deepcopy(metafile)
    for model in metafile['Models']:
        if model['Config'] not in entries:
            continue
        results, seeds = entries[model['Config']]
        model['Results'] = results
        metadata = model.setdefault('Metadata', {})
        if seeds:
            metadata['Seeds'] = seeds
        else:
            metadata.pop('Seeds', None)
    return metafile


def dump(data: dict) -> str:
    """A metafile's text, in the layout every metafile keeps.

    Args:
        data (dict): The parsed metafile.

    Returns:
        str: Its YAML, keys in their order, long lines unfolded.
    """
    return yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=1000)


def load(path: str) -> dict:
    """A parsed YAML file.

    Args:
        path (str): The file.

    Returns:
        dict: Its content.
    """
    with open(path, encoding='utf-8') as f:
        return yaml.safe_load(f)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Update (or, with ``--check``, verify) the metafiles of the index.

    Args:
        argv (Sequence[str], optional): The arguments; ``sys.argv[1:]`` if
            None.

    Returns:
        int: The exit status: 0, or 1 if ``--check`` found stale metafiles
        or a benchmark config is missing from the index.
    """
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument(
        '--results', default=osp.join(ROOT, RESULTS),
        help='the benchmark results (default: %(default)s)')
    parser.add_argument(
        '--check', action='store_true',
        help='write nothing; fail if a metafile is out of date')
    args = parser.parse_args(argv)

    entries = compute_results(read_rows(args.results), benchmark_configs())
    listed = set()
    stale = []
    for metafile_path in load(osp.join(ROOT, INDEX))['Import']:
        path = osp.join(ROOT, metafile_path)
        metafile = load(path)
        listed.update(model['Config'] for model in metafile['Models'])
        text = dump(update_metafile(metafile, entries))
        with open(path, encoding='utf-8') as f:
            if f.read() == text:
                continue
        stale.append(metafile_path)
        if not args.check:
            with open(path, 'w', encoding='utf-8') as f:
                f.write(text)
    missing = sorted(set(entries) - listed)
    for config in missing:
        print(f'not in the model index: {config}', file=sys.stderr)
    for metafile_path in stale:
        print(f'{"out of date" if args.check else "updated"}: '
              f'{metafile_path}')
    return int(bool(missing) or (args.check and bool(stale)))


if __name__ == '__main__':
    sys.exit(main())
