# CGDD, Caltech101 at 128x128, ResNet-34 -> ResNet-18 (ImageNet stems): the
# DDAD Caltech101 protocol (batch 64, student SGD lr 0.05, same budget) with
# a conditional generator at 128x128, balanced preset labels and attention
# transfer on the four backbone stages.
#   python tools/train.py configs/teachers/resnet34_1xb64_caltech101.py
_base_ = ['../ddad/ddad_resnet34_resnet18_1xb64_caltech101-128.py']

num_classes = 101

model = dict(
    type='mmdfkd.CGDD',
    # latent_dim, base_channels and img_size come from the DDAD config.
    generator=dict(type='ConditionalGenerator', num_classes=num_classes),
    feature_pairs=[(f'backbone.layer{i}', f'backbone.layer{i}')
                   for i in range(1, 5)],
    # The default CGDD terms and weights (mmdfkd.CGDD).
)

# Batch 64 (the DFAD Caltech101 setting) is below 101 classes: a batch
# holds 64 distinct classes, two consecutive batches hold all of them.
train_dataloader = dict(dataset=dict(num_classes=num_classes))
