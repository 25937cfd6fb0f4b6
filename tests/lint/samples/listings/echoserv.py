import sys

from twisted.internet import protocol, reactor
from twisted.python import log


class Echo(protocol.Protocol):
    def dataReceived(self, data):
        self.transport.write(data)


def main():
    log.startLogging(sys.stdout)
    factory = protocol.ServerFactory()
    factory.protocol = Echo
    reactor.listenTCP(8000, factory)
    reactor.run(installSignalHandlers=undefined_flag)
