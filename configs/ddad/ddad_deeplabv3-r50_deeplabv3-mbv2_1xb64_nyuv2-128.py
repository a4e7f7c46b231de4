# DDAD on NYUv2 (13 classes), the DFAD segmentation setting: DeepLabV3
# ResNet-50 teacher -> DeepLabV3 MobileNetV2 student (randomly
# initialised), DCGAN generator at 128x128, batch 64, student SGD lr 0.1,
# generator Adam lr 1e-3, 5 student steps per generator step, 300 "epochs"
# of 50 iterations; NYUv2's own settings: student weight decay 5e-5, both
# learning rates x0.3 every 100 epochs. The student is validated (mIoU) on
# the real test split, frames at 256 (shorter side); the distillation never
# reads a training frame.
#
# Train the teacher first:
#   python tools/train.py configs/teachers/deeplabv3_r50-d8_1xb8-20k_nyuv2-256x256.py
# or point `model.teacher_ckpt` at your own (same architecture).
_base_ = [
    '../_base_/datasets/nyuv2.py',
    '../_base_/schedules/ddad_seg_300x50.py',
]

model = dict(
    teacher='{{ fileDirname }}/../teachers/'
    'deeplabv3_r50-d8_1xb8-20k_nyuv2-256x256.py',
    teacher_ckpt='work_dirs/deeplabv3_r50-d8_1xb8-20k_nyuv2-256x256/'
    'iter_20000.pth',
    student='{{ fileDirname }}/../teachers/'
    'deeplabv3_mobilenet-v2-d8_1xb8-20k_nyuv2-256x256.py',
    generator=dict(img_size=128))

train_dataloader = dict(
    _delete_=True, batch_size=64, **_base_.latent_train_dataloader)
optim_wrapper = dict(student=dict(optimizer=dict(weight_decay=5e-5)))
step_lr = dict(_base_.step_lr, gamma=0.3)
param_scheduler = dict(generator=[step_lr], student=[step_lr])
