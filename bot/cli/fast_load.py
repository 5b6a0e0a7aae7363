"""Faster start-up of the Rasa server: build DIET's weights with one eager step instead of a traced one.

Rasa 3.6 rebuilds a loaded model by `fit()`-ing it on one example (to create weights of the right shape)
before reading the trained weights over them. Keras traces the whole training step into a graph for that
one step: about 25 of the server's ~35 s start-up on these 2-core machines, for a graph never used again.
Run eagerly, the same step builds the same variables in about a second; the trained weights are then
loaded as before, and prediction is traced into a graph exactly as Rasa does it. Parses are identical
(tests/unit/test_fast_load.py compares both loads). Installed by bot.cli.rasa_main; only for the pinned
Rasa version, whose `RasaModel.load` this mirrors.
"""

from __future__ import annotations

from typing import Any, Optional

PATCHED_RASA = "3.6.21"


def install() -> bool:
    """Replace `RasaModel.load` by the eager-build version; False (and nothing changed) on another Rasa."""
    import rasa

    if rasa.__version__ != PATCHED_RASA:
        return False
    import tensorflow as tf
    from rasa.utils.tensorflow.constants import LEARNING_RATE, RUN_EAGERLY
    from rasa.utils.tensorflow.data_generator import RasaBatchDataGenerator
    from rasa.utils.tensorflow.model_data import RasaModelData
    from rasa.utils.tensorflow.models import RasaModel

    original = RasaModel.load.__func__

    def load(cls: type[RasaModel], model_file_name: str, model_data_example: RasaModelData,
             predict_data_example: Optional[RasaModelData] = None, finetune_mode: bool = False,
             *args: Any, **kwargs: Any) -> RasaModel:
        if finetune_mode:
            return original(cls, model_file_name, model_data_example, predict_data_example, finetune_mode,
                            *args, **kwargs)
        model = cls(*args, **kwargs)
        config = kwargs.get("config", {})
        model.compile(optimizer=tf.keras.optimizers.Adam(config.get(LEARNING_RATE, 0.001)), run_eagerly=True)
        model.fit(RasaBatchDataGenerator(model_data_example, batch_size=1), verbose=False)
        model.load_weights(model_file_name)
        model.run_eagerly = bool(config.get(RUN_EAGERLY))
        if predict_data_example:
            model.run_inference(predict_data_example)
        return model

    RasaModel.load = classmethod(load)
    return True
