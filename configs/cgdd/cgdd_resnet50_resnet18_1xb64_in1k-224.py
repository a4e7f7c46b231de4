# CGDD, ImageNet-1k at 224x224, ResNet-50 teacher -> ResNet-18 student
# (mmpretrain's ImageNet models): the DDAD ImageNet-1k protocol (batch 64,
# first BN layer x10, same budget; a starting point) with a conditional
# generator at 224x224, balanced preset labels and attention transfer on
# the four backbone stages (256-2048 teacher channels against 64-512:
# attention maps need no connectors). For the teacher checkpoint see the
# DDAD config; a timm teacher: cgdd_timm-resnet50_resnet18_1xb64_in1k-224.py.
_base_ = ['../ddad/ddad_resnet50_resnet18_1xb64_in1k-224.py']

num_classes = 1000

model = dict(
    type='mmdfkd.CGDD',
    generator=dict(type='ConditionalGenerator', num_classes=num_classes),
    feature_pairs=[(f'backbone.layer{i}', f'backbone.layer{i}')
                   for i in range(1, 5)],
    # The default CGDD terms and weights (mmdfkd.CGDD).
)

# Batch 64 is far below 1000 classes: a batch holds 64 distinct classes,
# 16 consecutive batches hold all of them.
train_dataloader = dict(dataset=dict(num_classes=num_classes))
