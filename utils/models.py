"""The lecture's models, each defined once, in the slides' words.

Every builder here is written out, letter for letter, in the notebook that teaches it
(noted on each); later notebooks and ``scripts/bench.py`` import it from here.
``tests/test_models.py`` checks that the notebook's code and this one have the same
source and that every model has the parameter count of the slides.
"""

from __future__ import annotations

from keras import Input, optimizers
from keras.layers import (
    LSTM,
    Bidirectional,
    Conv1D,
    Dense,
    Flatten,
    GlobalMaxPooling1D,
    MaxPooling1D,
    TimeDistributed,
)
from keras.models import Sequential

# Parameter counts at lecture size (barcodes: LengthSeq 500, 4 features, 3 classes, LSTM(100);
# forecasts: dt_past 20, 1 feature, 400 units, dt_futu 8). Printed on the slides unless noted.
SLIDE_PARAMS = {
    "lstm": 42_303,  # section 1's minimal model (the slides' summary)
    "vanilla": 646_408,  # lecture 11's model, 20 -> 8 (course code)
    "bidirectional": 1_292_808,
    "stacked": 6_411_208,
    "cnn_lstm": 1_566_664,
    "conv_lstm": 67_135,
    "linear": 168,  # not on the slides: 20 x 8 weights + 8 biases
    "conv_lstm_pooled": 67_135,  # not on the slides: pooling over time adds no weights
}


def lstm_classifier(LengthSeq, N_features, n_neurons, N_classes, learning_rate, clipnorm):
    """The slides' minimal classifier: LSTM(n_neurons) -> Dense(N_classes, softmax); input
    ``(N, LengthSeq, N_features)``, output class probabilities ``(N, N_classes)``. Taught in 01 §4."""
    model = Sequential()
    model.add(Input(shape=(LengthSeq, N_features)))
    model.add(LSTM(n_neurons, activation="tanh"))
    model.add(Dense(N_classes, activation="softmax"))
    opt = optimizers.Adam(learning_rate=learning_rate, clipnorm=clipnorm)
    model.compile(loss="categorical_crossentropy", optimizer=opt, metrics=["accuracy"])
    return model


def linear(dt_past, n_features, dt_futu):
    """The linear model: Dense(dt_futu) on the flattened window, the LSTM with the recurrence
    taken out; ``(N, dt_past, n_features)`` -> ``(N, dt_futu)``. Taught in 02 §3."""
    model = Sequential()
    model.add(Input(shape=(dt_past, n_features)))
    model.add(Flatten())
    model.add(Dense(dt_futu))
    opt = optimizers.Adam(learning_rate=1e-2)
    model.compile(loss="mean_squared_error", optimizer=opt)
    return model


def vanilla(dt_past, n_features, n_neurons, dt_futu):
    """Lecture 11's forecaster: LSTM(n_neurons) -> Dense(dt_futu); ``(N, dt_past, n_features)``
    -> ``(N, dt_futu)``. Taught in 02 §3."""
    model = Sequential()
    model.add(Input(shape=(dt_past, n_features)))
    model.add(LSTM(n_neurons, activation="tanh"))
    model.add(Dense(dt_futu))
    opt = optimizers.Adam()
    model.compile(loss="mean_squared_error", optimizer=opt)
    return model


def bidirectional(dt_past, n_features, n_neurons, dt_futu):
    """The slide's bidirectional LSTM: one LSTM per reading direction, both final states into
    Dense(dt_futu); ``(N, dt_past, n_features)`` -> ``(N, dt_futu)``. Taught in 02 §3."""
    model = Sequential()
    model.add(Input(shape=(dt_past, n_features)))
    model.add(Bidirectional(LSTM(n_neurons, activation="tanh")))
    model.add(Dense(dt_futu))
    opt = optimizers.Adam()
    model.compile(loss="mean_squared_error", optimizer=opt)
    return model


def stacked(dt_past, n_features, n_neurons, dt_futu, activation="relu"):
    """The slide's stack LSTM(n) -> LSTM(2n) -> LSTM(n) -> Dense(dt_futu), ``activation`` in the
    upper two layers (relu on the slide); ``(N, dt_past, n_features)`` -> ``(N, dt_futu)``.
    Taught in 03 §2."""
    model = Sequential()
    model.add(Input(shape=(dt_past, n_features)))
    model.add(LSTM(n_neurons, activation="tanh", return_sequences=True))
    model.add(LSTM(2 * n_neurons, activation=activation, return_sequences=True))
    model.add(LSTM(n_neurons, activation=activation))
    model.add(Dense(dt_futu))
    opt = optimizers.Adam()
    model.compile(loss="mean_squared_error", optimizer=opt)
    return model


def cnn_lstm(dt_past, n_features, n_neurons, dt_futu):
    """The slide's CNN+LSTM forecaster: a Conv1D summary of each sub-sequence, an LSTM over the
    summaries; ``(N, n_sub, dt_past, n_features)`` (any n_sub) -> ``(N, dt_futu)``. Taught in 04 §2."""
    model = Sequential()
    model.add(Input(shape=(None, dt_past, n_features)))
    model.add(TimeDistributed(Conv1D(filters=64, kernel_size=3, activation="relu")))
    model.add(TimeDistributed(MaxPooling1D(pool_size=2)))
    model.add(TimeDistributed(Flatten()))
    model.add(LSTM(n_neurons, activation="tanh"))
    model.add(Dense(dt_futu))
    opt = optimizers.Adam()
    model.compile(loss="mean_squared_error", optimizer=opt)
    return model


def conv_lstm(LengthSeq, N_features, n_neurons, Nclass, learning_rate, clipnorm, pool_over_time=False):
    """The slide's Conv1D+LSTM barcode classifier: Conv1D(64, 3) -> MaxPooling1D(2) -> LSTM ->
    Dense(Nclass, softmax); ``(N, LengthSeq, N_features)`` -> ``(N, Nclass)``. With
    ``pool_over_time`` (model (d)) the LSTM returns its state at every step and the Dense
    layer gets the largest value of each unit over the whole read. Taught in 04 §5."""
    model = Sequential()
    model.add(Input(shape=(LengthSeq, N_features)))
    model.add(Conv1D(filters=64, kernel_size=3, activation="relu"))
    model.add(MaxPooling1D(pool_size=2))
    model.add(LSTM(n_neurons, activation="tanh", return_sequences=pool_over_time))
    if pool_over_time:
        model.add(GlobalMaxPooling1D())
    model.add(Dense(Nclass, activation="softmax"))
    opt = optimizers.Adam(learning_rate=learning_rate, clipnorm=clipnorm)
    model.compile(loss="categorical_crossentropy", optimizer=opt, metrics=["accuracy"])
    return model

