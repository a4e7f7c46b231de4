"""tools/benchmark.py on a tiny budget: every cell, the summary, resume."""
import argparse
import csv
import glob
import importlib.util
import json
import math
import os.path as osp
import shutil

import pytest
import torch
from mmengine.config import Config
from mmengine.registry import DefaultScope
from mmengine.runner import save_checkpoint

from mmdfkd.models.utils import model_config
from mmdfkd.registry import MODELS

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
TEACHER_CONFIG = osp.join(ROOT,
                          'configs/teachers/resnet34-w16_1xb64_digits.py')
# The columns the results must have, whatever else the tool adds.
REQUIRED = [
    'task', 'method', 'seed', 'teacher_metric', 'student_metric',
    'relative', 'time_to_95_s', 'time_to_98_s', 'iters_to_98', 's_per_iter',
    'peak_mem_mb', 'wall_s', 'class_fidelity'
]
ALWAYS_SET = [
    'teacher_metric', 'student_metric', 'relative', 's_per_iter',
    'peak_mem_mb', 'wall_s'
]
PNG_SIGNATURE = b'\x89PNG\r\n\x1a\n'


@pytest.fixture(scope='module')
def random_teacher(tmp_path_factory) -> str:
    """A checkpoint of the digits teacher network, untrained."""
    torch.manual_seed(0)
    teacher = MODELS.build(model_config(TEACHER_CONFIG))
    teacher.init_weights()
    path = str(tmp_path_factory.mktemp('teacher') / 'teacher.pth')
    save_checkpoint(teacher.state_dict(), path)
    return path


@pytest.fixture
def one_thread(monkeypatch):
    """One torch thread here and in the cells' processes: two threads on
    two cores shared with other jobs spend most of their time waiting."""
    monkeypatch.setenv('OMP_NUM_THREADS', '1')
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


def _read_csv(path: str) -> list:
    with open(path, newline='') as f:
        return list(csv.DictReader(f))


def test_benchmark_writes_every_cell_and_resumes(run_tool, random_teacher,
                                                 one_thread, tmp_path):
    out, work = tmp_path / 'out', tmp_path / 'work'
    teacher = tmp_path / 'teacher.pth'
    shutil.copy(random_teacher, teacher)
    args = ('--tasks', 'digits', '--methods', 'dfad', 'cgdd', '--seeds',
            '0', '--max-iters', '4', '--eval-interval', '2', '--out-dir',
            str(out), '--work-dir', str(work), '--cfg-options',
            f'model.teacher_ckpt={teacher}',
            'train_dataloader.batch_size=4')
    run_tool('benchmark', *args)

    rows = _read_csv(str(out / 'results.csv'))
    assert set(REQUIRED) <= set(rows[0])
    assert sorted((r['task'], r['method'], r['seed']) for r in rows) == [
        ('digits', 'cgdd', '0'), ('digits', 'dfad', '0')
    ]
    for r in rows:
        for key in ALWAYS_SET:
            assert math.isfinite(float(r[key])), (key, r[key])
        # Percent, and the ratio of the two.
        assert 0 <= float(r['student_metric']) <= 100
        assert float(r['relative']) == pytest.approx(
            100 * float(r['student_metric']) / float(r['teacher_metric']),
            abs=1e-3)
        for key in ('time_to_95_s', 'time_to_98_s', 'iters_to_98'):
            assert r[key] == '' or math.isfinite(float(r[key]))
        assert 0 < float(r["core_share"]) < 200
    by_method = {r['method']: r for r in rows}
    assert by_method['dfad']['class_fidelity'] == ''
    assert 0 <= float(by_method['cgdd']['class_fidelity']) <= 100

    cells = sorted(glob.glob(str(out / 'cells' / '*.json')))
    assert len(cells) == 2
    with open(cells[0]) as f:
        cell = json.load(f)
    timeline = cell['timeline']
    # The cell keeps the metric of the teacher it was distilled from.
    assert cell['teacher_metric'] == pytest.approx(
        float(rows[0]['teacher_metric']), abs=1e-3)
    # Every --eval-interval, the last iteration included.
    assert [p['iter'] for p in timeline] == [2, 4]
    assert timeline[0]['seconds'] < timeline[1]['seconds']
    # The hook's own record, in the cell's work dir.
    with open(work / 'digits' / 'dfad' / 'seed0' / 'eval_timeline.json') as f:
        assert len(json.load(f)['points']) == 2

    table = (out / 'results.md').read_text()
    assert 'python tools/benchmark.py --tasks digits' in table
    for method in ('dfad', 'cgdd'):
        assert f'\n| {method} | 4 / 20 | 1 | ' in table
    png = (out / 'digits_metric_vs_time.png').read_bytes()
    assert png.startswith(PNG_SIGNATURE) and len(png) > 1000

    # A second run trains nothing: the cell files stay as they were.
    mtimes = {path: osp.getmtime(path) for path in cells}
    runs = sorted(glob.glob(str(work / 'digits' / '*' / 'seed0' / '2*')))
    run_tool('benchmark', *args)
    assert {path: osp.getmtime(path) for path in cells} == mtimes
    assert sorted(glob.glob(
        str(work / 'digits' / '*' / 'seed0' / '2*'))) == runs
    assert _read_csv(str(out / 'results.csv')) == rows

    # --measured-only trains and scores nothing, the teacher is not even
    # read: it tables the cells there are and names the missing ones.
    shutil.move(teacher, tmp_path / 'elsewhere.pth')
    run_tool('benchmark', '--tasks', 'digits', '--methods', 'dfad', 'cgdd',
             'dafl', '--seeds', '0', '1', *args[7:], '--measured-only')
    assert sorted(glob.glob(str(work / 'digits' / '*' / '*' / '2*'))) == runs
    assert _read_csv(str(out / 'results.csv')) == rows
    table = (out / 'results.md').read_text()
    assert '--measured-only' in table
    assert ('Not measured yet: dfad seed 1; cgdd seed 1; dafl seeds 0, 1.'
            in table)
    shutil.move(tmp_path / 'elsewhere.pth', teacher)

    # A cell measured with another config is refused, not reused.
    changed = (*args, 'train_dataloader.batch_size=2')
    with pytest.raises(ValueError, match='measured with another config'):
        run_tool('benchmark', *changed)
    # So is one distilled from another teacher: the same file, retrained.
    state = torch.load(teacher, weights_only=True)
    first = next(iter(state))
    state[first] = state[first] + 1
    torch.save(state, teacher)
    with pytest.raises(ValueError, match='distilled from another teacher'):
        run_tool('benchmark', *args)
    # A cell from before fingerprints is reused, with a warning.
    for path in cells:
        with open(path) as f:
            result = json.load(f)
        del result['config_fingerprint'], result['teacher_digest']
        with open(path, 'w') as f:
            json.dump(result, f)
    run_tool('benchmark', *changed)
    assert sorted(glob.glob(
        str(work / 'digits' / '*' / 'seed0' / '2*'))) == runs
    log = (work / 'benchmark.log').read_text()
    assert 'does not record its config' in log
    assert 'does not record its teacher' in log


def test_a_run_the_divergence_guard_stops_is_a_measured_cell(
        run_tool, random_teacher, one_thread, tmp_path):
    out = tmp_path / 'out'
    # A bound above any normalised entropy: the guard stops iteration 1.
    run_tool('benchmark', '--tasks', 'digits', '--methods', 'dfad',
             '--seeds', '0', '--max-iters', '4', '--eval-interval', '2',
             '--out-dir', str(out), '--work-dir', str(tmp_path / 'work'),
             '--cfg-options', f'model.teacher_ckpt={random_teacher}',
             'train_dataloader.batch_size=4',
             'custom_hooks.1.min_class_entropy=1.1',
             'custom_hooks.1.collapse_patience=1')

    with open(out / 'cells' / 'digits_dfad_seed0.json') as f:
        cell = json.load(f)
    assert "the 'collapse' check fired at iteration 1" in cell['stopped']
    # The student as the guard left it is the final point, and the only one.
    assert cell['iters'] == 1 and cell['student_updates'] == 5
    assert [p['iter'] for p in cell['timeline']] == [1]
    assert 0 <= cell['timeline'][0]['metric'] <= 100
    row, = _read_csv(str(out / 'results.csv'))
    assert row['stopped_at_iter'] == '1'
    assert float(row['student_metric']) == pytest.approx(
        cell['timeline'][0]['metric'], abs=1e-3)
    table = (out / 'results.md').read_text()
    assert ('Stopped by the divergence guard (final: the student when '
            'stopped): dfad seed 0 at iteration 1.' in table)
    # The table gives the budget, not the updates the seed got to.
    assert '\n| dfad | 4 / 20 | 1 | ' in table


@pytest.fixture(scope='module')
def benchmark():
    """tools/benchmark.py as a module, for its pure functions."""
    spec = importlib.util.spec_from_file_location(
        'tools_benchmark', osp.join(ROOT, 'tools', 'benchmark.py'))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _timeline(metrics) -> list:
    """Evaluations every iteration, ten seconds apart."""
    return [dict(iter=i, seconds=10.0 * i, metric=m)
            for i, m in enumerate(metrics, 1)]


def test_a_threshold_is_reached_where_the_metric_stays_above(benchmark):
    timeline = _timeline([50, 96, 90, 97, 99])
    # 96 at iteration 2 does not count: the metric drops below after it.
    assert benchmark.lasting_point(timeline, 95)['iter'] == 4
    assert benchmark.lasting_point(timeline, 99)['iter'] == 5
    assert benchmark.lasting_point(timeline, 99.5) is None
    assert benchmark.lasting_point(timeline[:3], 95) is None


def test_rows_and_the_method_line(benchmark):
    def result(seed, metrics, fidelity=None, cpu_seconds=None):
        return dict(task='digits', method='cgdd', seed=seed,
                    timeline=_timeline(metrics), iters=len(metrics),
                    seconds=60.0, eval_seconds=10.0, peak_mem_mb=500.0 + seed,
                    class_fidelity=fidelity, max_iters=len(metrics),
                    student_updates=5 * len(metrics), eval_interval=1,
                    cpu_seconds=cpu_seconds, threads=2, device='cpu')

    good = benchmark.row(result(0, [50, 96, 90, 97, 99], 80.0), 100.0)
    assert good['student_metric'] == 99 and good['relative'] == 99
    assert (good['time_to_95_s'], good['iters_to_95']) == (40.0, 4)
    assert (good['time_to_98_s'], good['iters_to_98']) == (50.0, 5)
    assert good['s_per_iter'] == 10.0
    bad = benchmark.row(result(1, [50, 96, 97, 96, 96], 90.0), 100.0)
    assert bad['iters_to_95'] == 2 and bad['iters_to_98'] is None
    line = benchmark.method_line('cgdd', [good, bad]).split(' | ')
    assert line[1:6] == ['5 / 25', '2', '97.50 ± 2.12', '96.00 (seed 1)',
                         '97.50%']
    assert line[6:10] == ['30', '3', '50 (1/2 seeds)', '5 (1/2 seeds)']
    assert line[11:] == ['501', '60', '-', '85.0% |']
    # Digits times 95% and 98% of the teacher, not the mosaic's 75 / 85%.
    assert good['time_to_85_s'] is None and good['iters_to_75'] is None

    # 2 threads for 60 s: 114 CPU seconds is 95% of the cores, 60 is half.
    idle = benchmark.row(result(0, [99], cpu_seconds=114.0), 100.0)
    loaded = benchmark.row(result(1, [99], cpu_seconds=60.0), 100.0)
    assert idle['core_share'] == pytest.approx(95.0)
    assert benchmark.method_line('cgdd', [idle]).split(' | ')[13] == '95%'
    assert benchmark.method_line('cgdd', [idle, loaded]).split(' | ')[13] \
        == '50% (loaded)'
    assert benchmark.method_line('cgdd', [idle, good]).split(' | ')[13] \
        == '95% (1/2 seeds)'
    on_gpu = benchmark.row(dict(result(0, [99], cpu_seconds=114.0),
                                device='cuda'), 100.0)
    assert on_gpu['core_share'] is None


def test_the_mosaic_times_its_own_thresholds(benchmark):
    assert benchmark.TASKS['mosaic'].thresholds == (75, 85)
    result = dict(task='mosaic', method='ddad', seed=0,
                  timeline=_timeline([50, 86, 80, 87, 84]), iters=5,
                  seconds=60.0, eval_seconds=10.0, peak_mem_mb=500.0,
                  class_fidelity=None, max_iters=5, student_updates=25,
                  eval_interval=1, cpu_seconds=None, threads=2, device='cpu')
    row = benchmark.row(result, 100.0)
    # 75% from iteration 2; 85% reached twice but not kept to the end.
    assert (row['time_to_75_s'], row['iters_to_75']) == (20.0, 2)
    assert row['iters_to_85'] is None and row['iters_to_95'] is None
    header = benchmark.task_section('mosaic', [row])[4]
    assert 'time to 75% (s) | iters to 75% | time to 85% (s)' in header
    assert '95%' not in header and '98%' not in header
    line = benchmark.method_line('ddad', [row]).split(' | ')
    assert line[6:10] == ['20', '2', 'not reached', 'not reached']


def test_the_cells_of_a_task_must_record_one_teacher(benchmark):
    cell = dict(teacher_digest='a1', teacher_metric=90.0)
    other = dict(cell, teacher_digest='b2')
    with pytest.raises(ValueError, match='teacher weights differ'):
        benchmark.recorded_teacher('digits', [cell, other], None)
    with pytest.raises(ValueError, match='teacher metrics differ'):
        benchmark.recorded_teacher('digits', [cell, {}], 91.0)
    # A cell from before these records: the teacher scored now, if any.
    assert benchmark.recorded_teacher('digits', [cell, {}], 90.0) == 90.0
    with pytest.raises(ValueError, match='does not record its teacher'):
        benchmark.recorded_teacher('digits', [cell, {}], None)


def test_the_budget_stretches_the_schedules(benchmark):
    cfg = Config.fromfile(osp.join(ROOT, benchmark.CONFIGS['digits',
                                                            'ddad']))
    benchmark.set_budget(cfg, 30)
    assert cfg.train_cfg.max_iters == 30
    for _, scheduler in benchmark.iter_schedulers(cfg.param_scheduler):
        assert (scheduler.begin, scheduler.end, scheduler.T_max) == \
            (0, 30, 30)
    # Step decays move with the budget too (DAFL: x0.1 at 40% and 80%).
    cfg = Config.fromfile(osp.join(ROOT, benchmark.CONFIGS['digits',
                                                            'dafl']))
    milestones = [s.milestones for _, s in benchmark.iter_schedulers(
        cfg.param_scheduler) if 'milestones' in s]
    benchmark.set_budget(cfg, cfg.train_cfg.max_iters // 10)
    assert milestones and [
        s.milestones for _, s in benchmark.iter_schedulers(
            cfg.param_scheduler) if 'milestones' in s] == [
                [round(m / 10) for m in ms] for ms in milestones]
    # So does a loss-weight schedule: a BN fade from iteration 150 of 300
    # (to the end) starts at iteration 15 of 30.
    cfg = Config.fromfile(osp.join(ROOT, benchmark.CONFIGS['digits',
                                                            'cgdd-l1']))
    cfg.custom_hooks.append(dict(
        type='mmdfkd.LossWeightScheduleHook', objective='generator',
        term='loss_bn', end_factor=0.0, begin=150))
    benchmark.set_budget(cfg, 30)
    fade = cfg.custom_hooks[-1]
    assert (fade['begin'], fade.get('end')) == (15, None)


def test_the_methods_of_a_task_get_the_same_student_updates(benchmark):
    """The shipped budgets: 1500 student updates at batch 64 on digits,
    4500 at batch 32 on the mosaic, whatever a method's schedule."""
    budgets = dict(digits=(1500, 64), mosaic=(4500, 32))
    for (task, method), path in benchmark.CONFIGS.items():
        cfg = Config.fromfile(osp.join(ROOT, path))
        cfg.model.teacher_ckpt = None
        with DefaultScope.overwrite_default_scope(cfg.default_scope):
            model = MODELS.build(cfg.model)
        updates = cfg.train_cfg.max_iters * \
            model.student_updates_per_iteration
        assert (updates, cfg.train_dataloader.batch_size) == \
            budgets[task], (task, method)


def test_tuning_runs_every_grid_point_on_the_dev_split_and_resumes(
        run_tool, benchmark, random_teacher, one_thread, tmp_path):
    # Two points a method: each real grid cut to its first knob.
    grids = {
        method: dict([next(iter(grid.items()))])
        for method, grid in benchmark.load_grids(benchmark.GRIDS).items()
    }
    grids_file = tmp_path / 'grids.py'
    grids_file.write_text(f'grids = {grids!r}\n')
    out, work = tmp_path / 'out', tmp_path / 'work'
    args = ('--tune', '--grids', str(grids_file), '--tasks', 'digits',
            '--methods', 'dfad', 'cgdd', '--max-iters', '3', '--out-dir',
            str(out), '--work-dir', str(work), '--cfg-options',
            f'model.teacher_ckpt={random_teacher}',
            'train_dataloader.batch_size=4')
    run_tool('benchmark', *args)

    rows = _read_csv(str(out / 'tuning' / 'grid_digits.csv'))
    expected = {(method, str(point), benchmark.options_text(settings))
                for method in ('dfad', 'cgdd') for point, settings in
                enumerate(benchmark.grid_points(grids[method]))}
    assert {(r['method'], r['point'], r['settings']) for r in rows} == \
        expected and len(rows) == 4
    for r in rows:
        assert (r['task'], r['seed'], r['split']) == ('digits', '0', 'train')
        assert 0 <= float(r['dev_metric']) <= 100
        assert math.isfinite(float(r['wall_s']))
        # CGDD is conditional: scored by the lower of its two figures.
        expected_score = float(r['dev_metric']) if r['method'] == 'dfad' \
            else min(float(r['dev_metric']), float(r['class_fidelity']))
        assert float(r['score']) == pytest.approx(expected_score)
        assert (r['class_fidelity'] == '') == (r['method'] == 'dfad')
    # Nothing of the benchmark proper, and nothing validated on test.
    assert not (out / 'cells').exists()
    cells = sorted(glob.glob(str(out / 'tuning' / 'cells' / '*.json')))
    assert [osp.basename(c) for c in cells] == [
        f'digits_{m}_point{p}_seed0.json' for m in ('cgdd', 'dfad')
        for p in (0, 1)]
    for path in cells:
        with open(path) as f:
            result = json.load(f)
        assert result['split'] == 'train'
        # Tuning scores the final checkpoint: one validation.
        assert [p['iter'] for p in result['timeline']] == [3]
    # The configs the runs dumped.
    dumps = glob.glob(str(work / 'tuning' / 'digits' / '*' / 'point*' /
                          'seed0' / '*.py'))
    assert len(dumps) == 4
    for dump in dumps:
        text = open(dump).read()
        assert "split='train'" in text and "split='test'" not in text

    table = (out / 'tuning' / 'tuning.md').read_text()
    assert 'python tools/benchmark.py --tune' in table
    for method in ('dfad', 'cgdd'):
        ours = [r for r in rows if r['method'] == method]
        best = max(ours, key=lambda r: float(r['score']))
        section = table.split(f'### {method}\n')[1].split('###')[0]
        lines = [line for line in section.splitlines()
                 if line.startswith('| ') and 'dev metric' not in line]
        assert len(lines) == 2
        chosen = [line for line in lines if line.endswith('| yes |')]
        assert len(chosen) == 1 and chosen[0].startswith(
            f'| {best["point"]} | ')
        assert f'Chosen: point {best["point"]}, ' in section

    # A second run trains nothing.
    mtimes = {path: osp.getmtime(path) for path in cells}
    pattern = str(work / 'tuning' / 'digits' / '*' / 'point*' / 'seed0' /
                  '2*')
    runs = sorted(glob.glob(pattern))
    run_tool('benchmark', *args)
    assert {path: osp.getmtime(path) for path in cells} == mtimes
    assert sorted(glob.glob(pattern)) == runs
    assert _read_csv(str(out / 'tuning' / 'grid_digits.csv')) == rows

    # A cell copied from another grid, where its point had another index,
    # counts as the point whose file it is.
    with open(cells[0]) as f:
        result = json.load(f)
    result['point'] = 7
    with open(cells[0], 'w') as f:
        json.dump(result, f)
    run_tool('benchmark', *args)
    assert _read_csv(str(out / 'tuning' / 'grid_digits.csv')) == rows


def test_the_best_grid_point_is_the_first_of_equal_means(benchmark):
    results = [
        dict(point=p, seed=s, timeline=[dict(metric=m)])
        for p, s, m in [(0, 0, 50), (0, 1, 70), (1, 0, 80), (1, 1, 40),
                        (2, 0, 60), (2, 1, 60)]
    ]
    means = benchmark.point_means(results)
    assert means == {0: 60, 1: 60, 2: 60}
    assert benchmark.best_point(means) == 0
    assert benchmark.best_point({0: 1.0, 1: 2.0, 2: 2.0}) == 1


def test_a_conditional_point_is_scored_by_its_weaker_figure(benchmark):
    # The digits CGDD-L1 grid as measured: the weak class term wins on
    # student accuracy but draws the asked-for class half the time.
    results = [
        dict(point=p, seed=0, timeline=[dict(metric=m)], class_fidelity=f)
        for p, m, f in [(0, 99.52, 52.0), (1, 99.44, 17.4),
                        (2, 98.81, 92.0)]
    ]
    means = benchmark.point_means(results)
    assert means == pytest.approx({0: 52.0, 1: 17.4, 2: 92.0})
    assert benchmark.best_point(means) == 2
    section = '\n'.join(benchmark.method_grid('cgdd-l1', [
        dict(r, settings={'w': r['point']}, config='c.py', max_iters=300,
             iters=300, student_updates=1500) for r in results]))
    assert '| 2 | 2 | 98.81 | 92.0 | 92.00 | yes |' in section
    assert '| 0 | 0 | 99.52 | 52.0 | 52.00 |  |' in section
    # An unconditional method is scored by its metric alone.
    assert benchmark.point_score(dict(timeline=[dict(metric=80.0)],
                                      class_fidelity=None)) == 80.0


def test_a_grid_states_the_budget_when_its_first_run_was_stopped(
        benchmark):
    # ZSKT on the mosaic: the guard stops the shipped point at iteration
    # 21 of 450, after 210 of its 4500 student updates.
    results = [
        dict(point=p, seed=0, timeline=[dict(metric=m)], iters=i,
             student_updates=10 * i, max_iters=450, config='c.py',
             settings={'lr': p}, class_fidelity=None)
        for p, m, i in [(0, 7.94, 21), (1, 36.55, 450)]
    ]
    section = '\n'.join(benchmark.method_grid('zskt', results))
    assert '450 iterations / 4500 student updates per point' in section


def test_ablation_checks_only_its_methods_grids(benchmark):
    fade = 'model.generator_losses.loss_bn.weight'
    # One method, three points: refused as a tuning, sound as an ablation.
    grids = {'cgdd-l1': {fade: [0.0, 0.1, 1.0]}}
    with pytest.raises(ValueError, match='ddad on digits: no grid'):
        benchmark.check_grids(['digits'], grids, None)
    benchmark.check_grids(['digits'], grids, None, ['cgdd-l1'])
    # The shipped BN weight (0.1) must still be a point.
    with pytest.raises(ValueError, match="cgdd-l1 on digits: its config's "
                       "setting {'model.generator_losses.loss_bn.weight': "
                       "0.1}"):
        benchmark.check_grids(['digits'], {'cgdd-l1': {fade: [0.5, 1.0]}},
                              None, ['cgdd-l1'])


def test_a_point_setting_part_of_a_dict_is_merged_into_the_config(
        benchmark):
    # DDAD's mosaic student has an L1 and an attention-transfer term; a
    # point that sets the second term alone merges into the config's dict,
    # as its cell runs it, so it is the config's setting.
    losses = 'model.student_losses'
    at = dict(type='AttentionTransferLoss', p=2.0, weight=250.0)
    kl = dict(type='KLDivergence', tau=1.0)
    benchmark.check_grids(
        ['mosaic'], {'ddad': [{losses: dict(loss_at=at)},
                              {losses: dict(loss_at=at, loss_kd=kl)}]},
        None, ['ddad'])
    # Another attention-transfer weight merges into a setting the config
    # does not have.
    weaker = dict(loss_at=dict(at, weight=25.0))
    with pytest.raises(ValueError, match="ddad on mosaic: its config's "
                       "setting {'model.student_losses': {'loss_kd': "
                       "{'type': 'L1Discrepancy', 'weight': 1.0}, "
                       "'loss_at': {'type': 'AttentionTransferLoss', 'p': "
                       "2.0, 'weight': 250.0}}}"):
        benchmark.check_grids(
            ['mosaic'],
            {'ddad': [{losses: weaker}, {losses: dict(loss_kd=kl)}]}, None,
            ['ddad'])


def test_a_task_grid_replaces_the_methods_grid_on_that_task(benchmark):
    grids = benchmark.load_grids(benchmark.GRIDS)
    # Fast's mosaic config ships BN weight 0.1 and 5 inner steps, which
    # its digits grid (BN weight 1 or 10) does not hold.
    assert benchmark.task_grid(grids, 'digits', 'fast') is grids['fast']
    assert benchmark.task_grid(grids, 'mosaic', 'fast') is \
        grids['mosaic/fast']
    # DDAD's mosaic config ships BN weight 0.05, outside its digits grid.
    assert benchmark.task_grid(grids, 'mosaic', 'ddad') is \
        grids['mosaic/ddad']
    benchmark.check_grids(['digits', 'mosaic'], grids, None)
    without = {k: v for k, v in grids.items() if k != 'mosaic/fast'}
    with pytest.raises(ValueError, match="fast on mosaic: its config's "
                       "setting {'model.generator_losses.loss_bn.weight': "
                       "0.1, 'model.schedule.synthesis_steps': 5}"):
        benchmark.check_grids(['mosaic'], without, None)
    # The tuning runs the task's grid on that task.
    args = argparse.Namespace(tasks=['digits', 'mosaic'], methods=['fast'],
                              seeds=[0])
    cells, _ = benchmark.plan(args, grids)
    mosaic = [dict(c.settings) for c in cells if c.task == 'mosaic']
    assert mosaic == benchmark.grid_points(grids['mosaic/fast'])
    assert [dict(c.settings) for c in cells if c.task == 'digits'] == \
        benchmark.grid_points(grids['fast'])


def test_an_ablation_may_list_its_variants_one_by_one(benchmark):
    smoothing = 'model.generator_losses.loss_cls.label_smoothing'
    cls = 'model.generator_losses.loss_cls.weight'
    # Not a product: the stronger class term only with smoothing.
    variants = [{smoothing: 0.0}, {smoothing: 0.1},
                {cls: 30.0, smoothing: 0.1}]
    assert benchmark.grid_points(variants) == variants
    assert benchmark.grid_keys(variants) == [smoothing, cls]
    benchmark.check_grids(['digits'], {'cgdd-l1': variants}, None,
                          ['cgdd-l1'])
    # The first point leaves the class weight at the config's (10).
    with pytest.raises(ValueError, match='is not a point of the grid'):
        benchmark.check_grids(['digits'], {'cgdd-l1': variants[1:]}, None,
                              ['cgdd-l1'])
    with pytest.raises(ValueError, match='label_smoothingx'):
        benchmark.check_grids(
            ['digits'], {'cgdd-l1': [{smoothing + 'x': 0.0}]}, None,
            ['cgdd-l1'])
    results = [
        dict(point=p, seed=0, timeline=[dict(metric=m)], settings=v,
             class_fidelity=None, config='c.py', max_iters=3, iters=3,
             student_updates=15)
        for p, (v, m) in enumerate(zip(variants, (90.0, 95.0, 80.0)))
    ]
    section = '\n'.join(benchmark.method_grid('cgdd-l1', results))
    assert '| 0 | 0.0 | (config) | 90.00 |  |' in section
    assert '| 1 | 0.1 | (config) | 95.00 | yes |' in section
    assert '| 2 | 0.1 | 30.0 | 80.00 |  |' in section


def test_a_grid_point_may_set_a_list(benchmark):
    """A variant that replaces ``custom_hooks`` (a list of dicts) plans
    and loads like any other: one config per cell, its hooks as given."""
    cfg = Config.fromfile(osp.join(ROOT, benchmark.CONFIGS['digits',
                                                            'cgdd-l1']))
    kept = [dict(hook) for hook in cfg.custom_hooks]
    fade = dict(type='mmdfkd.LossWeightScheduleHook', objective='generator',
                term='loss_adv', end_factor=0.0, begin=2, end=3)
    variants = [{'custom_hooks': kept}, {'custom_hooks': kept + [fade]}]
    benchmark.check_grids(['digits'], {'cgdd-l1': variants}, None,
                          ['cgdd-l1'])
    args = argparse.Namespace(
        tasks=['digits'], methods=['cgdd-l1'], seeds=[0, 1], tune=True,
        cfg_options=None, max_iters=None, eval_interval=None,
        work_dir='work_dirs/x')
    cells, _ = benchmark.plan(args, {'cgdd-l1': variants})
    assert len(set(cells)) == 4
    cfgs = benchmark.load_configs(cells, args)
    hooks = {(cell.point, cell.seed): [h['type'] for h in c.custom_hooks]
             for cell, c in cfgs.items()}
    assert hooks[1, 1][-1] == 'mmdfkd.LossWeightScheduleHook'
    assert hooks[0, 1] == [hook['type'] for hook in kept]


def test_ablation_writes_its_grid_where_asked(run_tool, random_teacher,
                                              one_thread, tmp_path):
    grids_file = tmp_path / 'grids.py'
    # A tuple value is written back as a list: a fresh cell and the same
    # cell read back on a rerun must give the same row.
    grids_file.write_text(
        "grids = {'cgdd-l1': "
        "{'optim_wrapper.generator.optimizer.betas': "
        "[(0.5, 0.999), (0.9, 0.999)]}}\n")
    out = tmp_path / 'out'
    args = ['--grids', str(grids_file), '--tasks', 'digits', '--methods',
            'cgdd-l1', '--max-iters', '2', '--out-dir', str(out),
            '--work-dir', str(tmp_path / 'work'), '--cfg-options',
            f'model.teacher_ckpt={random_teacher}',
            'train_dataloader.batch_size=4']
    with pytest.raises(SystemExit):
        run_tool('benchmark', '--ablation', *args)
    run_tool('benchmark', '--tune', '--ablation', *args)
    rows = _read_csv(str(out / 'grid_digits.csv'))
    assert [(r['method'], r['point'], r['split']) for r in rows] == [
        ('cgdd-l1', '0', 'train'), ('cgdd-l1', '1', 'train')]
    assert not (out / 'tuning').exists()
    assert (out / 'tuning.md').read_text().startswith(
        '# Ablation on the dev split')
    run_tool('benchmark', '--tune', '--ablation', *args)
    assert _read_csv(str(out / 'grid_digits.csv')) == rows


def test_bad_grids_are_refused_before_any_run(benchmark):
    grids = benchmark.load_grids(benchmark.GRIDS)
    benchmark.check_grids(['digits'], grids, None)
    bad = dict(grids,
               dfad={'model.generator_losses.loss_bm.weight': [0.0, 1.0]},
               cgdd={'model.generator_losses.loss_cls.weight': [1.0, 2.0,
                                                                3.0, 4.0]})
    del bad['dfq']
    with pytest.raises(ValueError) as error:
        benchmark.check_grids(['digits'], bad, None)
    message = str(error.value)
    assert "did you mean 'loss_bn'?" in message
    assert 'dfq on digits: no grid' in message
    # The shipped setting (10) must be a point.
    assert 'cgdd on digits: its config\'s setting' in message
    assert 'the grids of digits differ in size' in message
