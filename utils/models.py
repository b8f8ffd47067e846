"""What notebook 01 teaches and the later notebooks reuse, letter for letter as written there
(``tests/test_models.py`` compares them): the slides' minimal classifier and the seeds side by side."""

import keras
from keras import Input, optimizers
from keras.layers import LSTM, Dense
from keras.models import Sequential


def lstm_classifier(LengthSeq, N_features, n_neurons, N_classes, learning_rate, clipnorm):
    """The slides' minimal classifier: ``(N, LengthSeq, N_features)`` -> class probabilities ``(N, N_classes)``."""
    model = Sequential()
    model.add(Input(shape=(LengthSeq, N_features)))
    model.add(LSTM(n_neurons, activation="tanh"))
    model.add(Dense(N_classes, activation="softmax"))
    opt = optimizers.Adam(learning_rate=learning_rate, clipnorm=clipnorm)
    model.compile(loss="categorical_crossentropy", optimizer=opt, metrics=["accuracy"])
    return model


def side_by_side(build, seeds):
    """One Keras model holding ``build()`` once per seed: one input, an output ``seed_<seed>`` and a loss per seed,
    no shared weights; ``fit`` takes the targets once per seed, ``predict`` returns a list of ``(N, ...)`` arrays."""
    nets = []
    for seed in seeds:
        keras.utils.set_random_seed(seed)  # this seed draws this network's initial weights
        nets.append(build())
    inputs = keras.Input(nets[0].input_shape[1:])
    outputs = [keras.layers.Identity(name=f"seed_{s}")(net(inputs)) for s, net in zip(seeds, nets, strict=True)]
    model = keras.Model(inputs, outputs)
    config = nets[0].get_compile_config()  # one loss and metric per seed; one Adam updates every seed's weights
    model.compile(loss=[config["loss"]] * len(nets), optimizer=optimizers.deserialize(config["optimizer"]),
                  metrics=[config["metrics"] or []] * len(nets))
    keras.utils.set_random_seed(seeds[0])  # the batch order, shared by all seeds
    return model

