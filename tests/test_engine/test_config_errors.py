"""Every row of docs/errors.md: the misconfiguration raises its message.

Each case starts from the shipped digits DDAD (or CGDD) config on tiny
networks, breaks one thing, and asserts the error (or warning) that names
the problem and the fix, before any training iteration runs.
"""
import os.path as osp
import re
import warnings

import pytest
from mmengine.config import Config
from mmengine.runner import save_checkpoint
from tiny_models import shrink_distillation_config, tiny_classifier

from mmdfkd.engine import DataFreeRunner
from mmdfkd.registry import MODELS
from mmdfkd.utils.cfg_options import (
    ConfigOptionWarning,
    config_value,
    warn_ineffective,
)

ROOT = osp.dirname(osp.dirname(osp.dirname(osp.abspath(__file__))))
DDAD = 'configs/ddad/ddad_resnet34-w16_resnet18-w8_1xb64_digits.py'
CGDD = 'configs/cgdd/cgdd_resnet34-w16_resnet18-w8_1xb64_digits.py'
FAST = 'configs/fast/fast_resnet34-w16_resnet18-w8_1xb64_digits.py'


def tiny_config(tmp_path, path: str = DDAD) -> Config:
    """A shipped digits config on tiny networks, one iteration."""
    cfg = Config.fromfile(osp.join(ROOT, path))
    shrink_distillation_config(cfg, tmp_path, max_iters=1)
    return cfg


def set_keys(**keys):
    """A case that assigns whole top-level or dotted keys."""

    def apply(cfg: Config, tmp_path) -> None:
        for key, value in keys.items():
            cfg.merge_from_dict({key.replace('__', '.'): value})

    return apply


def replace(key: str, value):
    """A case that replaces a top-level key outright (no merging)."""

    def apply(cfg: Config, tmp_path) -> None:
        cfg[key] = value

    return apply


def foreign_teacher_checkpoint(cfg: Config, tmp_path) -> None:
    """The student's architecture saved as the teacher's checkpoint."""
    path = str(tmp_path / 'student_as_teacher.pth')
    save_checkpoint(MODELS.build(tiny_classifier(4)).state_dict(), path)
    cfg.model.teacher_ckpt = path


def image_train_data(cfg: Config, tmp_path) -> None:
    """The base's real train images kept as the training data."""
    cfg.train_dataloader.dataset = dict(
        type='mmdfkd.DigitsDataset', split='train',
        pipeline=[dict(type='PackInputs')])


def drop_generator_optimizer(cfg: Config, tmp_path) -> None:
    del cfg.optim_wrapper['generator']


def head_without_pooling(cfg: Config, tmp_path) -> None:
    """A teacher whose head needs another input size than 32x32: no
    pooling, and a fully connected layer sized for flattened 16x16 maps
    at 64x64 (like VGG's 512*7*7 head at 224x224)."""
    teacher = tiny_classifier(8)
    teacher.pop('neck')
    teacher['head']['in_channels'] = 16 * 32 * 32
    cfg.model.teacher = teacher
    cfg.model.teacher_ckpt = None


def group_norm_teacher(cfg: Config, tmp_path) -> None:
    """A teacher normalised by GroupNorm: no BN statistics to match."""
    teacher = tiny_classifier(8)
    teacher['backbone']['norm_cfg'] = dict(type='GN', num_groups=4)
    cfg.model.teacher = teacher
    cfg.model.teacher_ckpt = None


def plain_classifier(cfg: Config, tmp_path) -> None:
    cfg.model = tiny_classifier(4)


def guard(**args):
    """A case that runs a DivergenceGuardHook of these arguments."""
    return replace('custom_hooks',
                   [dict(type='mmdfkd.DivergenceGuardHook', **args)])


# id of the docs/errors.md row: (config, how to break it, stage that
# raises, exception, message pattern).
CASES = {
    'unknown-type': (
        DDAD, set_keys(model__type='mmdfkd.DDADD'), 'build', KeyError,
        r"model.type='mmdfkd.DDADD' is not registered in mmdfkd's "
        r"registries .*Closest registered names: mmdfkd.DDAD \(model\)"),
    'unknown-component': (
        DDAD, set_keys(model__generator__type='DFADGenerater'), 'build',
        KeyError, r"model.generator.type='DFADGenerater' is not registered"
        r".*mmdfkd.DFADGenerator \(model\)"),
    'epoch-loop': (
        DDAD, replace('train_cfg', dict(by_epoch=True, max_epochs=2)),
        'build', ValueError, r'train_cfg is epoch-based.*'
        r"type='IterBasedTrainLoop'"),
    'epoch-scheduler': (
        DDAD, replace('param_scheduler', [dict(type='MultiStepLR',
                                               milestones=[100])]),
        'build', ValueError,
        r'param_scheduler.0 \(MultiStepLR\) is epoch-based.*by_epoch=False'),
    'epoch-checkpoint': (
        DDAD, set_keys(default_hooks__checkpoint__by_epoch=True), 'build',
        ValueError, r'default_hooks.checkpoint saves by epoch.*'
        r'by_epoch=False'),
    'epoch-metric-log': (
        DDAD, set_keys(default_hooks__logger__log_metric_by_epoch=True),
        'build', ValueError, r'recorded at step 0.*'
        r'log_metric_by_epoch=False'),
    'epoch-log-processor': (
        DDAD, replace('log_processor', dict(by_epoch=True)), 'build',
        ValueError, r'log_processor counts in epochs.*by_epoch=False'),
    'single-ddp': (
        DDAD, replace('model_wrapper_cfg',
                      dict(type='MMDistributedDataParallel')), 'build',
        ValueError, r'wraps the data-free model as one network.*'
        r'MMSeparateDistributedDataParallel'),
    'single-optimizer': (
        DDAD, replace('optim_wrapper', dict(optimizer=dict(type='SGD',
                                                           lr=0.1))),
        'build', ValueError, r'trains generator, student with one '
        r'optimizer each.*PerModuleOptimWrapperConstructor'),
    'missing-optimizer': (
        DDAD, drop_generator_optimizer, 'build', ValueError,
        r"needs an optimizer for \['generator'\]"),
    'connectors-not-optimised': (
        CGDD, set_keys(model__student_losses__loss_fm=dict(
            type='MSEFeatureLoss', weight=1.0),
            optim_wrapper__student__modules=['student']),
        'build', ValueError, r"connectors are not optimised.*"
        r"modules=\['student', 'connectors'\]"),
    'image-train-data': (
        DDAD, image_train_data, 'build', ValueError,
        r'train_dataloader.dataset is DigitsDataset.*mmdfkd.LatentDataset'),
    'unstacked-latents': (
        DDAD, set_keys(train_dataloader__collate_fn=dict(
            type='pseudo_collate')), 'build', ValueError,
        r"collate_fn=dict\(type='default_collate'\)"),
    'draws-vs-schedule': (
        DDAD, set_keys(train_dataloader__dataset__num_draws=3), 'build',
        ValueError, r'num_draws=3 does not fit the model: the draws one '
        r'DDAD iteration consumes is 6'),
    'latent-dim': (
        DDAD, set_keys(train_dataloader__dataset__latent_dim=8), 'build',
        ValueError, r"latent_dim=8 does not fit the model: the "
        r"generator's latent_dim is 16"),
    'preset-label-classes': (
        CGDD, set_keys(train_dataloader__dataset__num_classes=7), 'build',
        ValueError, r'num_classes=7 does not fit the model'),
    'validation-size': (
        DDAD, set_keys(model__generator__img_size=16), 'train', ValueError,
        r'generator draws 16x16 images but the validation images are '
        r'32x32'),
    'teacher-input-size': (
        DDAD, head_without_pooling, 'build', ValueError,
        r"teacher cannot take the generator's 32x32 images.*"
        r'model.generator.img_size'),
    'teacher-ckpt-missing': (
        DDAD, set_keys(model__teacher_ckpt='no/such/teacher.pth'), 'build',
        FileNotFoundError, r'Teacher checkpoint not found: '
        r'no/such/teacher.pth'),
    'teacher-ckpt-architecture': (
        DDAD, foreign_teacher_checkpoint, 'build', ValueError,
        r'teacher checkpoint .*student_as_teacher.pth does not fit the '
        r'teacher.*shape mismatches: backbone.conv1.weight'),
    'class-count': (
        DDAD, set_keys(model__student=dict(
            _delete_=True, **tiny_classifier(4, num_classes=7))), 'build',
        ValueError, r'different numbers of classes \(10 vs 7\)'),
    'teacher-without-bn': (
        DDAD, group_norm_teacher, 'build', ValueError,
        r'needs a teacher with BatchNorm layers.*ImageClassifier has none.*'
        r'loss_bn.weight=0'),
    'generator-classes': (
        CGDD, set_keys(model__generator__num_classes=7), 'build',
        ValueError, r'conditional generator draws 7 classes but the teacher '
        r'predicts 10'),
    'unknown-term': (
        DDAD, set_keys(model__generator_losses__loss_bnn=dict(weight=0.5)),
        'build', ValueError, r"model.generator_losses.loss_bnn sets "
        r"\['weight'\] for a term the method does not have; its terms are "
        r"\['loss_adv', 'loss_bn'\]"),
    'empty-objective': (
        DDAD, set_keys(model__generator_losses=dict(
            loss_bn=dict(weight=0), loss_adv=dict(weight=0))), 'build',
        ValueError, r'The generator objective has no term of non-zero '
        r'weight'),
    'unknown-schedule-key': (
        DDAD, set_keys(model__schedule__student_step=3), 'build',
        ValueError, r"model.schedule has unknown keys \['student_step'\]"),
    'student-views-kind': (
        DDAD, set_keys(model__student_views=dict(kind='crop')), 'build',
        ValueError, r"model.student_views.kind must be one of "
        r"\['global', 'local'\], got 'crop'"),
    'labels-without-conditional-generator': (
        DDAD, set_keys(model__generator_losses__loss_cls=dict(
            type='LabelCrossEntropy')), 'build', ValueError,
        r'A term reads the preset labels, but DFADGenerator is not '
        r'conditional'),
    'round-conditional-generator': (
        FAST, set_keys(model__generator=dict(
            _delete_=True, type='ConditionalGenerator', num_classes=10,
            latent_dim=8, img_size=32, base_channels=4)), 'build',
        ValueError, r'FastDFKD draws the target classes itself, so it needs '
        r'an unconditional generator'),
    'round-memory-size': (
        FAST, set_keys(model__schedule__memory_size=0), 'build', ValueError,
        r'FastDFKD trains the student on the memory of synthesised batches: '
        r'model.schedule.memory_size must be at least the train batch size'),
    'features-without-pairs': (
        DDAD, set_keys(model__student_losses__loss_fm=dict(
            type='AttentionTransferLoss')), 'build', ValueError,
        r'feature_pairs is empty'),
    'not-datafree-model': (
        DDAD, plain_classifier, 'build', TypeError,
        r'DataFreeRunner runs data-free distillation models, got '
        r'ImageClassifier'),
    'guard-action': (
        DDAD, guard(action='rewind'), 'build', ValueError,
        r"action must be 'stop' or 'skip', got 'rewind'"),
    'guard-unknown-check': (
        DDAD, guard(checks=('nan', )), 'build', ValueError,
        r"unknown checks \['nan'\]; valid checks: \['non_finite', "
        r"'exploding', 'collapse'\]"),
    'guard-patience': (
        DDAD, guard(collapse_patience=0), 'build', ValueError,
        r'collapse_patience must be >= 1 and max_skips >= 0, got 0 and 3'),
    'guard-after-checkpoint': (
        DDAD, guard(priority='LOWEST'), 'train', ValueError,
        r'DivergenceGuardHook \(priority LOWEST\) runs after '
        r'CheckpointHook'),
}


@pytest.mark.parametrize('case', sorted(CASES))
def test_misconfiguration_is_refused_before_training(case, tmp_path):
    path, breaks, stage, error, pattern = CASES[case]
    cfg = tiny_config(tmp_path, path)
    breaks(cfg, tmp_path)
    with pytest.raises(error, match=pattern):
        runner = DataFreeRunner.from_cfg(cfg)
        assert stage == 'train', 'the error should come at build'
        runner.train()


def test_ineffective_cfg_options_warn(tmp_path):
    cfg = Config.fromfile(osp.join(ROOT, DDAD))
    with pytest.warns(ConfigOptionWarning) as record:
        warn_ineffective(cfg, {'max_iters': 10,
                               'train_dataloder.batch_size': 8})
    messages = [str(w.message) for w in record]
    assert any(re.search(
        r"'max_iters' is a variable of the config file.*changes "
        r'nothing. Override train_cfg.max_iters instead', m)
        for m in messages), messages
    assert any(re.search(
        r"'train_dataloder' is not a key of the loaded config \(did you "
        r"mean 'train_dataloader'\?\)", m) for m in messages), messages


def test_healthy_config_builds_and_trains_without_warnings(tmp_path):
    cfg = Config.fromfile(osp.join(ROOT, DDAD))
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter('always')
        warn_ineffective(cfg, {'train_cfg.max_iters': 1,
                               'model.teacher_ckpt': None,
                               'model.schedule.student_steps': 2,
                               'train_dataloader.batch_size': 8})
        # Arguments of the model class the config leaves at its defaults.
        warn_ineffective(cfg, {
            'model.student_losses.loss_l1.type': 'L1Discrepancy',
            'model.feature_pairs': [('backbone.layer1', 'backbone.layer1')]
        })
    assert not [w for w in record if w.category is ConfigOptionWarning]
    with pytest.warns(ConfigOptionWarning, match="'model.student_loses'"):
        warn_ineffective(cfg, {'model.student_loses.loss_kd.weight': 2.0})
    cfg = tiny_config(tmp_path)
    runner = DataFreeRunner.from_cfg(cfg)
    runner.train()
    assert runner.iter == 1
    # Filled in from the model: 5 student draws and 1 generator draw.
    assert runner.train_dataloader.dataset.num_draws == 6


def test_unset_arguments_of_a_loss_term_are_read_at_their_defaults():
    cfg = Config.fromfile(osp.join(ROOT, CGDD))
    smoothing = 'model.generator_losses.loss_cls.label_smoothing'
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter('always')
        warn_ineffective(cfg, {smoothing: 0.1})
    assert not [w for w in record if w.category is ConfigOptionWarning]
    # The value the run would read: the config's, else the default.
    assert config_value(cfg, smoothing) == 0.0
    assert config_value(cfg, 'model.generator_losses.loss_cls.weight') == \
        cfg.model.generator_losses.loss_cls.weight
    # A default term the config does not mention at all.
    assert config_value(cfg, 'model.student_losses.loss_kd.tau') == \
        MODELS.get('CGDD').default_student_losses['loss_kd']['tau']
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter('always')
        warn_ineffective(cfg, {'model.student_losses.loss_kd.weight': 2.0})
    assert not [w for w in record if w.category is ConfigOptionWarning]
    typo = 'model.generator_losses.loss_cls.label_smothing'
    with pytest.warns(ConfigOptionWarning, match=re.escape(repr(typo))):
        warn_ineffective(cfg, {typo: 0.1})
    with pytest.raises(KeyError, match='label_smothing'):
        config_value(cfg, typo)


def test_docs_table_lists_exactly_the_tested_cases():
    with open(osp.join(ROOT, 'docs/errors.md'), encoding='utf-8') as f:
        rows = re.findall(r'^\| `([a-z-]+)` \|', f.read(), re.M)
    documented = set(rows)
    tested = set(CASES) | {'cfg-options-unknown-key',
                           'cfg-options-variable'}
    assert documented == tested
