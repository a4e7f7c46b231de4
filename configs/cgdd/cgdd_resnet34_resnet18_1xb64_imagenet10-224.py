# CGDD, ImageNet-10 (the Imagenette classes) at 224x224, ResNet-34 ->
# ResNet-18 (ImageNet stems): the DDAD ImageNet-10 protocol (batch 64,
# first BN layer x10, same budget) with a conditional generator at 224x224
# (7x7 stem), balanced preset labels and attention transfer on the four
# backbone stages.
#   python tools/train.py configs/teachers/resnet34_1xb128_imagenet10.py
_base_ = ['../ddad/ddad_resnet34_resnet18_1xb64_imagenet10-224.py']

num_classes = 10

model = dict(
    type='mmdfkd.CGDD',
    generator=dict(type='ConditionalGenerator', num_classes=num_classes),
    feature_pairs=[(f'backbone.layer{i}', f'backbone.layer{i}')
                   for i in range(1, 5)],
    # The default CGDD terms and weights (mmdfkd.CGDD).
)

# 64 (the DDAD batch) is no multiple of 10: each class appears 6 or 7 times
# per batch.
train_dataloader = dict(dataset=dict(num_classes=num_classes))
