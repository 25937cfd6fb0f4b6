import os


def greet(name):
    print "hello", name
