"""Where a conditional generator's images leave their class.

Draws ``--num-per-class`` images of every class with the generator of a
trained CGDD run, from the codes ``tools/generate.py`` uses (seed 0 by
default), twice: in eval mode (running BatchNorm statistics, as
``tools/generate.py`` writes them) and in train mode (the statistics of
each batch of mixed classes, as the student sees them in training; the
generator's running statistics are left as they were). Images stay in
float: ``tools/generate.py`` reports the fidelity of the quantised images.
Prints, and writes as JSON with ``--out``, for each mode the class
fidelity (the share the teacher puts in the asked-for class), the
fidelity of each class and the confusion matrix (asked-for class x the
teacher's class), and the quantiles of the teacher's probability of the
asked-for class.

    python tools/analysis_tools/class_confusion.py CONFIG CHECKPOINT \\
        [--num-per-class 100] [--batch-size 50] [--out FILE]
"""
import argparse
import copy
from typing import Dict, List

import mmengine
import torch
from mmengine.model import BaseModule

# Importing mmdfkd installs the stack work-arounds and registers modules.
from mmdfkd.apis import conditional_codes, init_distiller
from mmdfkd.datasets import LatentDataset
from mmdfkd.models.algorithms import BaseDataFreeDistiller
from mmdfkd.models.utils import unwrap_model

QUANTILES = (0.05, 0.1, 0.25, 0.5)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('config', help='config file of the trained run')
    parser.add_argument('checkpoint', help='checkpoint of the run')
    parser.add_argument('--num-per-class', type=int, default=100,
                        help='images drawn per class (default: 100)')
    parser.add_argument('--batch-size', type=int, default=50,
                        help='images per forward pass; in train mode the '
                        'batch whose statistics normalise them (default: '
                        '50)')
    parser.add_argument('--seed', type=int, default=0,
                        help='seed of the latent codes (default: 0)')
    parser.add_argument('--out', help='JSON file to write the figures to')
    return parser.parse_args()


def teacher_agreement(model: BaseDataFreeDistiller, generator: BaseModule,
                      num_per_class: int, batch_size: int,
                      seed: int) -> Dict[str, object]:
    """The teacher's classes for images of every class from ``generator``.

    Args:
        model (BaseDataFreeDistiller): The trained run, in eval mode.
        generator (BaseModule): The conditional generator to draw with,
            in the mode to measure.
        num_per_class (int): Images per class.
        batch_size (int): Images per forward pass.
        seed (int): Seed of the latent codes.

    Returns:
        dict: ``fidelity`` (percent), ``per_class`` (percent per class),
        ``confusion`` (rows: asked-for class, columns: teacher's class) and
        ``p_asked_quantiles`` (the teacher's probability of the asked-for
        class at :data:`QUANTILES`).
    """
    num_classes = generator.num_classes
    presets, codes = conditional_codes(range(num_classes), num_per_class,
                                       num_classes)
    latents = LatentDataset(generator.latent_dim, length=max(codes) + 1,
                            seed=seed)
    confusion = torch.zeros(num_classes, num_classes, dtype=torch.long)
    p_asked: List[torch.Tensor] = []
    with torch.no_grad():
        for start in range(0, len(codes), batch_size):
            z = torch.stack([latents[code]['inputs'][0]
                             for code in codes[start:start + batch_size]])
            asked = presets[start:start + batch_size]
            logits = model.logits(model.teacher,
                                  model.generate(z, asked, generator))
            confusion += torch.bincount(
                asked * num_classes + logits.argmax(1),
                minlength=num_classes**2).view(num_classes, num_classes)
            p_asked.append(logits.softmax(1)[torch.arange(len(asked)),
                                             asked])
    per_class = 100 * confusion.diag() / confusion.sum(1)
    return dict(
        fidelity=100 * confusion.diag().sum().item() / len(codes),
        per_class=per_class.tolist(),
        confusion=confusion.tolist(),
        p_asked_quantiles=torch.cat(p_asked).quantile(
            torch.tensor(QUANTILES)).tolist())


def agreement_by_mode(model: BaseDataFreeDistiller, num_per_class: int,
                      batch_size: int, seed: int) -> Dict[str, dict]:
    """:func:`teacher_agreement` of the run's generator in eval mode and
    in train mode; its running statistics are left as they were.

    Args:
        model (BaseDataFreeDistiller): The trained run, in eval mode.
        num_per_class (int): Images per class.
        batch_size (int): Images per forward pass.
        seed (int): Seed of the latent codes.

    Returns:
        dict: ``'eval'`` and ``'train'``, each :func:`teacher_agreement`'s.

    Raises:
        ValueError: If the generator is not conditional.
    """
    generator = unwrap_model(model.generator)
    if not generator.conditional:
        raise ValueError(
            f'{type(generator).__name__} is not conditional: its images '
            f'have no asked-for class. Give the run of a CGDD config.')
    # A copy in train mode: a forward updates the running statistics.
    training = copy.deepcopy(generator).train()
    return {
        mode: teacher_agreement(model, net, num_per_class, batch_size, seed)
        for mode, net in (('eval', generator), ('train', training))
    }


def main() -> None:
    args = parse_args()
    model = init_distiller(args.config, args.checkpoint)
    try:
        figures = agreement_by_mode(model, args.num_per_class,
                                    args.batch_size, args.seed)
    except ValueError as error:
        raise SystemExit(str(error))
    for mode, result in figures.items():
        print(f'{mode} mode: class fidelity {result["fidelity"]:.1f}%')
        print('  per class: ' + ' '.join(
            f'{value:.0f}' for value in result['per_class']))
        print('  p(asked-for class) at quantiles '
              f'{QUANTILES}: ' + ' '.join(
                  f'{value:.3f}' for value in result['p_asked_quantiles']))
        print('  confusion (rows: asked for, columns: teacher):')
        for row in result['confusion']:
            print('   ' + ' '.join(f'{count:4d}' for count in row))
    if args.out:
        mmengine.dump(figures, args.out, indent=2)


if __name__ == '__main__':
    main()
