# DDAD, ImageNet-1k at 224x224, ResNet-50 teacher -> ResNet-18 student
# (mmpretrain's ImageNet models): DCGAN generator at 224 (14x14 stem),
# batch 64, the first BN layer's statistics weighted x10 as DeepInversion
# does for ImageNet-size teachers, student SGD lr 0.05, generator Adam lr
# 1e-3, x0.1 at "epochs" 100 and 200 of 500 (50 iterations each): a
# starting point, ImageNet students need a longer schedule. The student is
# validated on the real ImageNet val split (mmpretrain's ImageNet layout).
#
# The teacher is mmpretrain's ResNet-50 (76.55 top-1); put its checkpoint
#   https://download.openmmlab.com/mmclassification/v0/resnet/resnet50_8xb32_in1k_20210831-ea4938fc.pth
# at `model.teacher_ckpt`, or use a timm teacher:
#   --cfg-options model.teacher=configs/teachers/timm-resnet50_in1k.py
_base_ = [
    'mmpretrain::_base_/datasets/imagenet_bs32.py',
    '../_base_/schedules/ddad_500x50.py',
]
custom_imports = dict(imports=['mmdfkd'], allow_failed_imports=False)

model = dict(
    teacher='mmpretrain::resnet/resnet50_8xb32_in1k.py',
    teacher_ckpt='checkpoints/resnet50_8xb32_in1k_20210831-ea4938fc.pth',
    student='mmpretrain::resnet/resnet18_8xb32_in1k.py',
    generator=dict(
        type='DCGANGenerator',
        img_size=224),
    generator_losses=dict(loss_bn=dict(first_bn_multiplier=10.0)))

train_dataloader = dict(
    _delete_=True, batch_size=64, **_base_.latent_train_dataloader)
val_dataloader = dict(batch_size=64)
test_dataloader = val_dataloader
optim_wrapper = dict(student=dict(optimizer=dict(lr=0.05)))
