package io.callisto.hub;
class Placeholder {}
