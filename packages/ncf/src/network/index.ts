// Layer 2 of 4, network: the TensorFlow.js backend and kernel gradients, the rating network (tfjs model, typed-array forward pass, tensor tower) and the ranking network; imports only format.
//
// Below: what the services and the lab use of this layer (the layers above import its files
// directly).
export { initBackend } from './backend';
export { liveTensorCount } from './tensor-tower';
